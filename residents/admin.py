from django.contrib import admin

from places.admin import CodeTableAdmin, RegisterAdmin

from .models import CareCategory, Ethnicity, KeyPersonCategory, MoveRequest, Person


@admin.register(Ethnicity)
class EthnicityAdmin(CodeTableAdmin):
    pass


@admin.register(KeyPersonCategory)
class KeyPersonCategoryAdmin(CodeTableAdmin):
    pass


@admin.register(CareCategory)
class CareCategoryAdmin(CodeTableAdmin):
    pass


@admin.register(Person)
class PersonAdmin(RegisterAdmin):
    list_display = ["name", "category", "residence_status", "beat"]
    list_filter = ["beat", "category", "residence_status"]
    search_fields = ["name", "name_pinyin", "id_number"]
    raw_id_fields = ["house", "employer", "items", "owned_houses"]


@admin.register(MoveRequest)
class MoveRequestAdmin(admin.ModelAdmin):
    """For looking up; requests are filed and decided on the site, where the rules run."""

    list_display = ["person", "from_station", "to_house", "move_date", "status", "requested_at"]
    list_filter = ["status", "from_station"]
    raw_id_fields = ["person", "to_house", "requested_by", "decided_by"]
    readonly_fields = ["requested_at"]
