"""Views shared by the registers (houses, organisations, items, people …).

Each register is a model with ``objects.visible_to(user)``, ``verify(by=)`` and
``close(by=, reason=)``. Every queryset here starts from ``visible_to``, so a record
outside the user's scope answers 404 on every URL, and the views stay the same
for every register: an app only names its model, form, filter and templates.
"""

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from communitypolice.audit.access import record_access

from .access import EDITORS, has_role
from .forms import CloseForm, VerifyForm
from .pagination import CappedPaginator
from .sections import sections_for
from .verification import CheckMethod


def can_edit(user):
    """Whether the user's role enters and changes register data."""
    return has_role(user, *EDITORS)


class ScopedMixin(LoginRequiredMixin):
    """Every queryset through the model's visible_to(user)."""

    list_select_related = ()

    def get_queryset(self):
        queryset = self.model.objects.visible_to(self.request.user)
        return queryset.select_related(*self.list_select_related)


class EditorRequiredMixin:
    """403 for roles that do not enter data, but only after the record is found:
    a record outside the scope answers 404 to everyone, whatever their role."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if "pk" in kwargs:
                get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            if not can_edit(request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegisterListView(ScopedMixin, EditorRequiredMixin, generic.ListView):
    """A filtered, paginated register. Closed records appear only when asked for.
    Not for the roles that enter no data (analysts read aggregates): 403."""

    filterset_class = None
    ordering = ("pk",)
    paginate_by = 25
    paginator_class = CappedPaginator

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        paginator.object_list = self.order_page(queryset, paginator)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def order_page(self, queryset, paginator):
        """The records in the list's order. A register may choose how the database finds
        the page by how many records match (``paginator.capped``)."""
        return queryset

    def get_queryset(self):
        queryset = super().get_queryset().order_by(*self.ordering)
        self.filterset = self.filterset_class(
            self.request.GET, queryset=queryset, request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["can_edit"] = can_edit(self.request.user)
        return context


class RegisterDetailView(ScopedMixin, generic.DetailView):
    """A record's page. Opening it leaves an access row: it shows personal data."""

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        record_access(record)
        return record

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = can_edit(self.request.user)
        context["close_form"] = CloseForm()
        context["verify_form"] = VerifyForm()
        context["sections"] = sections_for(self.object, self.request.user)
        context["record"] = self.object
        return context


class RegisterFormMixin(ScopedMixin, EditorRequiredMixin):
    template_name = "registers/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        meta = self.model._meta
        return super().get_context_data(
            record_name=meta.verbose_name,
            list_url=reverse(f"{meta.app_label}:{meta.model_name}_list"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except RecordModifiedError:
            # Someone saved between our version check and our UPDATE.
            form.mark_conflict(type(form.instance)._base_manager.get(pk=form.instance.pk))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(record)s") % {"record": self.object})
        return redirect(self.object.get_absolute_url())

    def save(self, form):
        return form.save()


class RegisterCreateView(RegisterFormMixin, generic.CreateView):
    def save(self, form):
        # Whoever registers a record has just seen it: it starts verified.
        record = form.save()
        record.verify(by=self.request.user, method=CheckMethod.REGISTRATION)
        return record


class RegisterUpdateView(RegisterFormMixin, generic.UpdateView):
    def get_queryset(self):
        return super().get_queryset().filter(closed_at__isnull=True)


def editable_record(request, queryset, pk):
    """The record a user is about to change: 404 outside their scope (whatever their
    role), then 403 for a role that does not enter data."""
    record = get_object_or_404(queryset.visible_to(request.user), pk=pk)
    if not can_edit(request.user):
        raise PermissionDenied
    return record


def form_error_text(form):
    """All of a form's errors as one sentence, for a message after a redirect."""
    return " ".join(error for errors in form.errors.values() for error in errors)


def verify_record(request, model, pk):
    """核实无误: POST only; a check now, in the way the form says, in the record's
    verification history (and so its verified_at and verified_by)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    record = editable_record(request, model.objects.active(), pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return redirect(record.get_absolute_url())
    record.verify(by=request.user, method=form.cleaned_data["method"])
    messages.success(request, _("Marked as verified today: %(record)s") % {"record": record})
    return redirect(record.get_absolute_url())


def close_record(request, model, pk):
    """Close a record with a reason instead of deleting it. POST only."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    record = editable_record(request, model.objects.active(), pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            f"{model._meta.app_label}/{model._meta.model_name}_detail.html",
            {
                "object": record,
                model._meta.model_name: record,
                "close_form": form,
                "verify_form": VerifyForm(),
                "can_edit": True,
            },
            status=400,
        )
    record.close(by=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("Closed: %(record)s") % {"record": record})
    return redirect(record.get_absolute_url())
