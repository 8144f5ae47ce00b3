from django.contrib import admin

from .models import Address, House, HouseUse, Item, ItemKind, Organization, OrganizationType


class CodeTableAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "sort_order", "is_active"]
    list_editable = ["name", "name_en", "sort_order", "is_active"]
    search_fields = ["code", "name", "name_en"]

    def has_delete_permission(self, request, obj=None):
        # Records point at code table rows: retire a row with "in use" instead.
        return False


@admin.register(HouseUse)
class HouseUseAdmin(CodeTableAdmin):
    list_display = [*CodeTableAdmin.list_display, "colour"]
    list_editable = [*CodeTableAdmin.list_editable, "colour"]


@admin.register(OrganizationType)
class OrganizationTypeAdmin(CodeTableAdmin):
    pass


@admin.register(ItemKind)
class ItemKindAdmin(CodeTableAdmin):
    list_display = [*CodeTableAdmin.list_display, "identifier_rule"]
    list_editable = [*CodeTableAdmin.list_editable, "identifier_rule"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    """View only: names and beats carry down the tree, which only the site's own
    address pages (places.services) keep consistent."""

    list_display = ["full_name", "level", "code", "beat"]
    list_filter = ["level", "beat"]
    search_fields = ["full_name", "code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegisterAdmin(admin.ModelAdmin):
    """Registers are kept in the site's own pages; the admin is for looking up and
    for repairs, and never deletes."""

    list_filter = ["beat"]
    readonly_fields = ["verified_at", "verified_by", "closed_at", "closed_by", "created_at"]
    raw_id_fields = ["address"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(House)
class HouseAdmin(RegisterAdmin):
    list_display = ["address", "use", "tenant_count", "beat"]
    list_filter = ["beat", "use"]
    search_fields = ["address__full_name", "owner_name"]


@admin.register(Organization)
class OrganizationAdmin(RegisterAdmin):
    list_display = ["name", "type", "is_key_unit", "beat"]
    list_filter = ["beat", "type", "is_key_unit"]
    search_fields = ["name", "credit_code"]


@admin.register(Item)
class ItemAdmin(RegisterAdmin):
    list_display = ["kind", "identifier", "status", "beat"]
    list_filter = ["beat", "kind", "status"]
    search_fields = ["identifier", "description"]
    raw_id_fields = ["address", "owner_organization"]
