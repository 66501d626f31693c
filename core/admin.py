from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Suivi des Assises de l’Insertion — coordination")
admin.site.site_title = _("Assises de l’Insertion")
admin.site.index_title = _("Administration du suivi")
