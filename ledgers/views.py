"""Ledger import: upload (with the dry run), the columns, the verdict of every row, the
import, undo, and the workbooks (templates, the rejected rows). Officers import into
their own beats, chiefs into their station; an import outside the user's scope answers
404."""

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communitypolice.accounts.scope import Role
from communitypolice.core.access import role_required
from communitypolice.core.pagination import page_of

from . import services, workbooks
from .columns import LEDGERS
from .forms import MappingForm, UploadForm
from .models import Batch, Row

IMPORTERS = (Role.OFFICER, Role.CHIEF)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _batch_or_404(user, pk):
    return get_object_or_404(Batch.objects.visible_to(user).select_related("uploaded_by"), pk=pk)


def _xlsx(content, name):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@role_required(*IMPORTERS)
def index(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.queue(form.batch, "check_batch")
        return redirect(form.batch)
    batches = Batch.objects.visible_to(request.user).select_related("uploaded_by")
    return render(
        request,
        "ledgers/index.html",
        {"form": form, "page": page_of(batches, request, 20), "ledgers": LEDGERS.values()},
    )


@role_required(*IMPORTERS)
def template(request, code):
    ledger = LEDGERS.get(code)
    if ledger is None:
        raise Http404
    return _xlsx(workbooks.template(ledger), f"{ledger.sheet_name}模板.xlsx")


@role_required(*IMPORTERS)
def batch_detail(request, pk):
    batch = _batch_or_404(request.user, pk)
    mapping = MappingForm(request.POST or None, batch=batch)
    checked = batch.status == Batch.Status.CHECKED
    if request.method == "POST" and checked and mapping.is_valid():
        batch.mapping, batch.status, batch.done_rows = mapping.mapping, Batch.Status.CHECKING, 0
        batch.save(update_fields=["mapping", "status", "done_rows"])
        services.queue(batch, "check_batch")
        messages.success(request, _("The rows are being checked again with these columns."))
        return redirect(batch)
    # Every row but the plain new ones: rejected, updates, look-alikes, addresses added,
    # left as they are.
    rows = batch.rows.exclude(action=Row.Action.CREATE, warnings=[], notes=[]).order_by("number")
    return render(
        request,
        "ledgers/batch_detail.html",
        {
            "batch": batch,
            "mapping": mapping,
            "missing": services.missing_columns(batch.register, batch.mapping),
            "page": page_of(rows, request, 50),
            "blockers": services.undo_blockers(batch) if batch.is_committed else [],
            **_progress(batch),
        },
    )


@role_required(*IMPORTERS)
@require_POST
def commit(request, pk):
    batch = _batch_or_404(request.user, pk)
    if services.missing_columns(batch.register, batch.mapping):
        messages.error(request, _("Choose a column of the file for every required column."))
        return redirect(batch)
    moved = Batch.objects.filter(pk=batch.pk, status=Batch.Status.CHECKED).update(
        status=Batch.Status.COMMITTING, done_rows=0
    )
    if moved:
        confirmed = [int(pk) for pk in request.POST.getlist("confirm") if pk.isdigit()]
        services.queue(batch, "commit_batch", user_id=request.user.pk, confirmed=confirmed)
    return redirect(batch)


@role_required(*IMPORTERS)
def batch_status(request, pk):
    """Polled by the batch's page while it is checked or imported; reloads it when done."""
    batch = _batch_or_404(request.user, pk)
    if not batch.is_busy:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "ledgers/_progress.html", {"batch": batch, **_progress(batch)})


def _progress(batch):
    done = batch.done_rows
    if batch.status == Batch.Status.COMMITTING:
        done = cache.get(services.progress_key(batch.pk), 0)
    percent = int(100 * done / batch.rows_total) if batch.rows_total else 0
    return {"done": done, "percent": percent}


@role_required(*IMPORTERS)
@require_POST
def undo(request, pk):
    batch = _batch_or_404(request.user, pk)
    blockers = services.undo(batch, user=request.user)
    if blockers:
        messages.error(
            request,
            _("Not undone: rows %(rows)s have been changed since the import.")
            % {"rows": ", ".join(str(number) for number, _record in blockers)},
        )
    else:
        messages.success(request, _("The import has been undone."))
    return redirect(batch)


@role_required(*IMPORTERS)
def rejected(request, pk):
    batch = _batch_or_404(request.user, pk)
    name = batch.file_name.rsplit(".", 1)[0]
    return _xlsx(workbooks.rejected_rows(batch), f"{name}_错误行.xlsx")
