"""The report catalogue, requests, runs and their files, filing, re-issuing and
subscriptions. Analysts and chiefs only; a run outside the user's scope answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communitypolice.audit.access import record_access
from communitypolice.core.access import REPORTERS, role_required
from communitypolice.core.pagination import page_of
from communitypolice.core.periods import Period

from . import catalogue, corrections, services
from .catalogue.base import Table
from .formats import all_formats, get_format
from .formats.html import screen_rows
from .forms import ReissueForm, RequestForm, SubscriptionForm, reports_for
from .models import ReportRun, Subscription, acts_for


def _run_or_404(user, pk):
    return get_object_or_404(
        ReportRun.objects.visible_to(user).select_related("unit", "requested_by", "filed_by"),
        pk=pk,
    )


def _run_to_act_on(user, pk):
    """A run the user may file or re-issue: one of their own unit (``acts_for``); a run
    they only read answers 403."""
    run = _run_or_404(user, pk)
    if not acts_for(user, run.unit_id):
        raise PermissionDenied
    return run


@role_required(*REPORTERS)
def catalogue_view(request):
    """Every report the user may request: what it shows, its 口径, its parameters."""
    labels = dict(Period.KINDS)
    reports = [
        (report, [labels[kind] for kind in report.period_kinds if kind != Period.WEEK])
        for report in reports_for(request.user)
    ]
    return render(request, "reports/catalogue.html", {"reports": reports})


@role_required(*REPORTERS)
def request_view(request, code):
    report = catalogue.get_or_404(code)
    if report not in reports_for(request.user):
        raise PermissionDenied
    form = RequestForm(request.POST or None, report=report, user=request.user)
    if request.method == "POST" and form.is_valid():
        run = services.request_run(report=report, params=form.params, by=request.user)
        messages.success(request, _("The report has been requested."))
        return redirect(run)
    return render(request, "reports/request.html", {"report": report, "form": form})


@role_required(*REPORTERS)
def run_list(request):
    runs = (
        ReportRun.objects.visible_to(request.user)
        .select_related("unit", "requested_by", "filed_by", "reissue_of")
        .prefetch_related("files")
        .defer("result", "parameters")
    )
    code = request.GET.get("report", "")
    if code in {report.code for report in reports_for(request.user)}:
        runs = runs.filter(report_code=code)
    page = page_of(runs, request, 30)
    return render(
        request,
        "reports/run_list.html",
        {
            "page": page,
            "runs": page.object_list,
            "reports": reports_for(request.user),
            "code": code,
        },
    )


@role_required(*REPORTERS)
def run_row(request, pk):
    """The htmx fragment of one run in the list, polled while it is generating."""
    run = _run_or_404(request.user, pk)
    return render(request, "reports/_run_row.html", {"run": run})


@role_required(*REPORTERS)
def run_status(request, pk):
    """Polled by the detail page while the run is generating; reloads it when finished."""
    run = _run_or_404(request.user, pk)
    if run.is_finished:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "reports/_run_status.html", {"run": run})


@role_required(*REPORTERS)
def run_detail(request, pk):
    run = _run_or_404(request.user, pk)
    table = previous = None
    rows = []
    if run.result:
        table = Table.from_json(run.result)
        previous = run.previous_period_run()
        previous_table = Table.from_json(previous.result) if previous and previous.result else None
        rows = screen_rows(table, previous_table)
    header = table.header() if table else (0, [])
    original = run.reissue_of
    reissue_changes = None
    if original and original.result and run.result:
        reissue_changes = {
            "cells": corrections.changed_cells(original, run),
            "corrections": corrections.corrections_since(original),
        }
    files = {f.format: f for f in run.files.all()}
    formats = [
        (fmt, files.get(fmt.code), fmt.unavailable_reason(run.row_count)) for fmt in all_formats()
    ]
    return render(
        request,
        "reports/run_detail.html",
        {
            "run": run,
            "report": run.report,
            "table": table,
            "header_rows": _header_rows(*header),
            "rows": rows,
            "previous": previous,
            "formats": formats,
            "reissues": run.reissues.select_related("requested_by").order_by("created_at"),
            "may_act": acts_for(request.user, run.unit_id),
            "reissue_changes": reissue_changes,
        },
    )


def _header_rows(depth, cells):
    return [[cell for cell in cells if cell.row == level] for level in range(depth)]


@role_required(*REPORTERS)
def download(request, pk, fmt):
    """A run's file. Every download leaves an access row in the audit trail."""
    run = _run_or_404(request.user, pk)
    file_format = get_format(fmt)
    report_file = run.files.filter(format=fmt).first()
    if file_format is None or report_file is None:
        raise Http404
    record_access(run)
    name = f"{run.title}_{run.unit.name}_{run.period_start:%Y%m%d}-{run.period_end:%Y%m%d}"
    return FileResponse(
        report_file.file.open("rb"),
        as_attachment=True,
        filename=f"{name}.{file_format.extension}",
        content_type=file_format.content_type,
    )


@require_POST
@role_required(*REPORTERS)
def file_run(request, pk):
    """提交: the run is filed with the higher unit and frozen from now on."""
    run = _run_to_act_on(request.user, pk)
    try:
        run.file(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report has been filed. It can no longer change."))
    return redirect(run)


@role_required(*REPORTERS)
def reissue(request, pk):
    """重新出具: a corrected run for the same report, unit and period, with a reason."""
    run = _run_to_act_on(request.user, pk)
    if not run.is_finished or run.report is None:
        raise PermissionDenied
    form = ReissueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = services.reissue(run=run, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("A new run has been requested to re-issue the report."))
        return redirect(new)
    return render(request, "reports/reissue.html", {"run": run, "form": form})


@role_required(*REPORTERS)
def subscriptions(request):
    """A unit's standing orders: a report produced every week, month or quarter."""
    form = SubscriptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        subscription = form.save(commit=False)
        subscription.created_by = request.user
        subscription.save()
        messages.success(request, _("The subscription has been saved."))
        return redirect("reports:subscriptions")
    items = Subscription.objects.visible_to(request.user).select_related("unit", "created_by")
    for item in items:
        item.may_act = acts_for(request.user, item.unit_id)
    return render(request, "reports/subscriptions.html", {"form": form, "subscriptions": items})


@require_POST
@role_required(*REPORTERS)
def subscription_toggle(request, pk):
    subscription = get_object_or_404(Subscription.objects.visible_to(request.user), pk=pk)
    if not acts_for(request.user, subscription.unit_id):
        raise PermissionDenied
    subscription.active = not subscription.active
    subscription.save(update_fields=["active"])
    return redirect("reports:subscriptions")
