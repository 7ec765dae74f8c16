from . import urls_queue, urls_workflow

app_name = "review"
urlpatterns = urls_queue.urlpatterns + urls_workflow.urlpatterns
