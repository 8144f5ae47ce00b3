from django.contrib import admin

from places.admin import CodeTableAdmin, RegisterAdmin

from .models import Dispute, Incident, IncidentType, Tip, Visit


@admin.register(IncidentType)
class IncidentTypeAdmin(CodeTableAdmin):
    list_display = [*CodeTableAdmin.list_display, "accept_hours", "handle_hours"]
    list_editable = [*CodeTableAdmin.list_editable, "accept_hours", "handle_hours"]


@admin.register(Incident)
class IncidentAdmin(RegisterAdmin):
    list_display = ["number", "type", "status", "reported_at", "beat"]
    list_filter = ["beat", "type", "status"]
    search_fields = ["number", "summary"]
    readonly_fields = [*RegisterAdmin.readonly_fields, "number"]
    raw_id_fields = ["address", "handling_officer", "organizations", "items"]


@admin.register(Dispute)
class DisputeAdmin(RegisterAdmin):
    list_display = ["parties", "type", "risk", "status", "beat"]
    list_filter = ["beat", "type", "risk", "status"]
    raw_id_fields = ["address", "persons", "responsible_officer"]


@admin.register(Tip)
class TipAdmin(RegisterAdmin):
    list_display = ["category", "level", "status", "due_at", "beat"]
    list_filter = ["beat", "level", "status"]
    raw_id_fields = ["persons", "addresses", "organizations", "reported_by"]


@admin.register(Visit)
class VisitAdmin(RegisterAdmin):
    list_display = ["visited_at", "kind", "officer", "abnormal", "beat"]
    list_filter = ["beat", "kind", "abnormal"]
    raw_id_fields = ["officer", "persons", "houses", "organizations", "tip"]
