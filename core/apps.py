from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Commun")

    def ready(self):
        from . import roles

        # After the last app's permissions exist, give each role group what core.roles lists.
        last = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(roles.sync_groups, sender=last, dispatch_uid="core.roles.sync")
        # The path converters ("safe", "id") every app's URLs use.
        # The public pages' cache is invalidated by every change of content.
        from . import (
            cache,
            converters,  # noqa: F401
        )

        cache.connect_signals()
