from django.urls import path

from .views import accreditation as a
from .views import consultations as c

app_name = "stakeholders"

urlpatterns = [
    # Public
    path("apply/", a.apply, name="apply"),
    path("apply/sent/", a.apply_sent, name="apply_sent"),
    path("apply/confirm/", a.confirm, name="confirm"),
    path("accredited/", a.accredited, name="accredited"),
    path("written-inputs/", c.published, name="published"),
    path("written-inputs/<uuid:public_id>/", c.published_inputs, name="published_inputs"),
    path("written-inputs/file/<uuid:public_id>/", c.input_file, name="input_file"),
    # The Secretariat and the Chair's team
    path("applications/", a.applications, name="applications"),
    path("applications/<uuid:public_id>/", a.application, name="application"),
    path("applications/<uuid:public_id>/decide/", a.decide, name="decide"),
    path("applications/<uuid:public_id>/withdraw/", a.withdraw, name="withdraw"),
    path("rounds/new/", a.new_round, name="new_round"),
    path("rounds/<int:pk>/", a.round_detail, name="round"),
    # Delegations
    path("circulated/", a.circulated, name="circulated"),
    path("circulated/<uuid:public_id>/object/", a.object_to, name="object"),
    # Consultations
    path("consultations/", c.consultations, name="consultations"),
    path("consultations/new/", c.new_consultation, name="new_consultation"),
    path("consultations/<uuid:public_id>/", c.consultation, name="consultation"),
    path("consultations/<uuid:public_id>/register/", c.register, name="register"),
    path("consultations/<uuid:public_id>/input/", c.written_input, name="input"),
    path("consultations/<uuid:public_id>/inputs/", c.inputs, name="inputs"),
    path("consultations/<uuid:public_id>/inputs.csv", c.export, {"fmt": "csv"}, name="export_csv"),
    path("consultations/<uuid:public_id>/inputs.docx", c.export, {"fmt": "docx"}, name="export_docx"),
    path("consultations/<uuid:public_id>/publish/", c.publish, name="publish"),
]
