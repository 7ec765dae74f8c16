from django.urls import path

from .views import audit, delegate, detail, emailed, workflow

urlpatterns = [
    path("submissions/<uuid:public_id>/", detail.detail, name="detail"),
    path("submissions/<uuid:public_id>/diff/", detail.diff, name="diff"),
    path("versions/<uuid:public_id>/text/", detail.version_text, name="version_text"),
    path("submissions/<uuid:public_id>/status/", workflow.change_status, name="change_status"),
    path("submissions/<uuid:public_id>/questions/", workflow.ask_question, name="ask_question"),
    path("submissions/<uuid:public_id>/notes/", workflow.add_note, name="add_note"),
    path("submissions/<uuid:public_id>/decision/", workflow.record_decision, name="record_decision"),
    path("submissions/<uuid:public_id>/publish/", workflow.publish, name="publish"),
    path("submissions/<uuid:public_id>/unpublish/", workflow.unpublish, name="unpublish"),
    path("submissions/<uuid:public_id>/un-symbol/", workflow.set_un_symbol, name="set_un_symbol"),
    path("decisions/", workflow.pending, name="decisions"),
    path("decisions/announce/", workflow.announce_decisions, name="announce_decisions"),
    path("record-emailed/", emailed.record_emailed, name="record_emailed"),
    path("audit/", audit.audit_log, name="audit_log"),
    # The one page under /review/ that is the delegate's: answering a question of the Chair's team.
    path("questions/<int:pk>/answer/", delegate.answer_question, name="answer_question"),
]
