from django.contrib import admin

from .models import Assignment, Beat


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["officer"]


@admin.register(Beat)
class BeatAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "station"]
    list_filter = ["station"]
    search_fields = ["code", "name"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["officer", "beat", "role", "start_date", "end_date"]
    list_filter = ["role", "beat__station"]
    autocomplete_fields = ["officer", "beat"]
