"""HTML to PDF through WeasyPrint, which needs Pango from the system's packages.

WeasyPrint is imported only when a PDF is made, so the rest of the site runs (and says what is
missing) on a machine without Pango.
"""

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

from recommendations.documents import DocumentUnavailable

SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"
STYLESHEET = "dossiers/dossier-pdf.css"


def missing_support():
    """Why PDF files cannot be made here, or None when they can."""
    try:
        import weasyprint  # noqa: F401
    except ImportError as error:
        return _(
            "la bibliothèque WeasyPrint n’est pas installée (%(error)s) : make install l’installe."
        ) % {"error": error}
    except OSError as error:
        return _(
            "WeasyPrint ne trouve pas Pango (%(error)s) : installez les paquets Debian "
            "%(packages)s (apt-get install -y %(packages)s)."
        ) % {"error": error, "packages": SYSTEM_PACKAGES}
    return None


def refuse_fetch(url, *args, **kwargs):
    """Nothing is loaded from outside: the stylesheet and the fonts are the machine's own."""
    raise ValueError(f"The dossiers load nothing from {url}")


def html_to_pdf(html):
    """Return a tagged PDF (PDF/UA) of the given HTML, with the dossiers' stylesheet."""
    problem = missing_support()
    if problem:
        raise DocumentUnavailable(problem)
    from weasyprint import CSS, HTML

    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=refuse_fetch)
    return HTML(string=html, url_fetcher=refuse_fetch).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True
    )
