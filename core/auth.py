"""The accounts' backend: Django's own, with what every signed-in page asks of the reader.

- The reader's profile and organisation come with the account, in the query that loads it
  (the voice of the field, the menus and the services all ask « on behalf of whom? »).
- The reader's permissions are kept in the shared cache under the content version (see
  ``core.cache``): the tables that grant them (groups, memberships, permissions) are watched
  like every table pages show, so a permission given or taken away counts from the very next
  request, on every worker, exactly as a page is redrawn. Without it, two queries over five
  tables ran on every signed-in request.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import cache as page_cache

#: The dotted path stored in the session of whoever signs in.
PATH = "core.auth.AccountBackend"


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("profile__organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if not settings.PUBLIC_PAGE_CACHE:
                return super().get_all_permissions(user_obj, obj)
            cache = page_cache.page_cache()
            key = f"permissions:{user_obj.pk}:{page_cache.current_version(cache)}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj, obj)
                cache.set(key, permissions, settings.PUBLIC_PAGE_CACHE_SECONDS)
            user_obj._perm_cache = set(permissions)
        return user_obj._perm_cache
