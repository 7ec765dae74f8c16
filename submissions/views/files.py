import rules
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from ..models import Version


@login_required
def download_version(request, public_id):
    """Files are only ever served through here, after the permission check."""
    version = get_object_or_404(Version.objects.select_related("submission"), public_id=public_id)
    if not rules.has_perm("submissions.view_submission", request.user, version):
        raise Http404
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(
        handle, as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
