"""Ledger import: upload (with the dry run), the columns, the verdict of every row, the
import, undo, and the workbooks (templates, the rejected rows). Officers import into
their own beats, chiefs into their station; an import outside the user's scope answers
404."""

from django.contrib import messages
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
        batch = services.check(form.batch, user=request.user)
        return redirect(batch)
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
    if request.method == "POST" and not batch.is_committed and mapping.is_valid():
        batch.mapping = mapping.mapping
        batch.save(update_fields=["mapping"])
        services.check(batch, user=request.user)
        messages.success(request, _("The rows have been checked again with these columns."))
        return redirect(batch)
    rows = batch.rows.exclude(action=Row.Action.CREATE).order_by("number")
    return render(
        request,
        "ledgers/batch_detail.html",
        {
            "batch": batch,
            "mapping": mapping,
            "missing": services.missing_columns(batch.register, batch.mapping),
            "page": page_of(rows, request, 50),
            "blockers": services.undo_blockers(batch) if batch.is_committed else [],
        },
    )


@role_required(*IMPORTERS)
@require_POST
def commit(request, pk):
    batch = _batch_or_404(request.user, pk)
    if services.missing_columns(batch.register, batch.mapping):
        messages.error(request, _("Choose a column of the file for every required column."))
        return redirect(batch)
    batch = services.commit(batch, user=request.user, updates=request.POST.getlist("update"))
    messages.success(
        request,
        _("Imported: %(created)s new, %(updated)s updated, %(rejected)s rejected.")
        % {
            "created": batch.rows_created,
            "updated": batch.rows_updated,
            "rejected": batch.rows_rejected,
        },
    )
    return redirect(batch)


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
