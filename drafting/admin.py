"""Admin: drafts can be looked at and their status changed; revisions are read-only; a public
licence page can be withdrawn (its ``withdrawn_at`` set), nothing else of it changed."""

from django.contrib import admin

from drafting.models import Draft, DraftRevision, PublishedLicence


class DraftRevisionInline(admin.TabularInline):
    model = DraftRevision
    fields = ("number", "created_at", "author", "changed_keys")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ("public_id", "owner", "status", "revision", "updated")
    list_filter = ("status",)
    search_fields = ("public_id", "owner__username")
    readonly_fields = (
        "public_id",
        "owner",
        "answers",
        "pins",
        "revision",
        "completed_steps",
        "link_token_hash",
        "created",
        "updated",
    )
    inlines = [DraftRevisionInline]


@admin.register(DraftRevision)
class DraftRevisionAdmin(admin.ModelAdmin):
    list_display = ("draft", "number", "author", "created_at")
    readonly_fields = (
        "draft",
        "number",
        "answers",
        "changed_keys",
        "author",
        "created_at",
        "clause_versions",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublishedLicence)
class PublishedLicenceAdmin(admin.ModelAdmin):
    list_display = ("slug", "revision", "draft", "published_at", "withdrawn_at")
    list_filter = ("withdrawn_at",)
    search_fields = ("slug", "title", "draft__public_id")
    readonly_fields = (
        "draft",
        "slug",
        "revision",
        "title",
        "answers",
        "pins",
        "text_sha256",
        "published_by",
        "published_at",
    )

    def has_add_permission(self, request) -> bool:
        return False
