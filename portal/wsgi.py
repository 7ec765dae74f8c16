import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# URL patterns, templates and catalogues loaded now rather than on the first visitors' requests.
from portal.warmup import warm_up  # noqa: E402 (needs the settings configured above)

warm_up()
