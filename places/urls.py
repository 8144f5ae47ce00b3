from django.urls import path

from . import views
from .models import House, Item, Organization

app_name = "places"


def register_urls(prefix, name, model, list_view, detail, create, update):
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", create.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/", detail.as_view(), name=f"{name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", update.as_view(), name=f"{name}_edit"),
        path(f"{prefix}/<int:pk>/verify/", views.verify, {"model": model}, name=f"{name}_verify"),
        path(f"{prefix}/<int:pk>/close/", views.close, {"model": model}, name=f"{name}_close"),
    ]


urlpatterns = [
    path("", views.address_browse, name="address_browse"),
    path("addresses/new/", views.address_create, name="address_create_root"),
    path("addresses/<int:pk>/", views.address_detail, name="address_detail"),
    path("addresses/<int:pk>/new/", views.address_create, name="address_create"),
    path("addresses/<int:pk>/edit/", views.address_edit, name="address_edit"),
    path("addresses/pick/", views.address_pick, name="address_pick"),
    path("houses/pick/", views.house_pick, name="house_pick"),
    path("organizations/pick/", views.organization_pick, name="organization_pick"),
    path("items/pick/", views.item_pick, name="item_pick"),
    *register_urls(
        "houses",
        "house",
        House,
        views.HouseList,
        views.HouseDetail,
        views.HouseCreate,
        views.HouseUpdate,
    ),
    *register_urls(
        "organizations",
        "organization",
        Organization,
        views.OrganizationList,
        views.OrganizationDetail,
        views.OrganizationCreate,
        views.OrganizationUpdate,
    ),
    *register_urls(
        "items",
        "item",
        Item,
        views.ItemList,
        views.ItemDetail,
        views.ItemCreate,
        views.ItemUpdate,
    ),
]
