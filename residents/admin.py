from django.contrib import admin

from places.admin import CodeTableAdmin, RegisterAdmin

from .models import CareCategory, Ethnicity, KeyPersonCategory, Person


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
