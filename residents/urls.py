from django.urls import path, re_path

from . import views

app_name = "residents"

urlpatterns = [
    path("", views.PersonList.as_view(), name="person_list"),
    path("new/", views.PersonCreate.as_view(), name="person_create"),
    path("permits/", views.permits_expiring, name="permits_expiring"),
    path("pick/", views.person_pick, name="person_pick"),
    path("<int:pk>/", views.PersonDetail.as_view(), name="person_detail"),
    path("<int:pk>/edit/", views.PersonUpdate.as_view(), name="person_edit"),
    path("<int:pk>/verify/", views.verify, name="person_verify"),
    path("<int:pk>/move/", views.move, name="person_move"),
    path("<int:pk>/status/", views.change_status, name="person_status"),
    re_path(r"^(?P<pk>\d+)/designate/(?P<kind>key|care)/$", views.designate, name="designate"),
    re_path(
        r"^designations/(?P<kind>key|care)/(?P<pk>\d+)/end/$",
        views.end_designation,
        name="end_designation",
    ),
    path("households/<int:house_pk>/", views.household, name="household"),
    path("moves/", views.move_list, name="move_list"),
    path("moves/find/", views.move_find, name="move_find"),
    path("moves/new/", views.move_create, name="move_create"),
    path("moves/<int:pk>/", views.move_detail, name="move_detail"),
    path("moves/<int:pk>/decide/", views.move_decide, name="move_decide"),
    path("moves/<int:pk>/withdraw/", views.move_withdraw, name="move_withdraw"),
]
