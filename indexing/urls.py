app_name = "indexing"
urlpatterns = []
