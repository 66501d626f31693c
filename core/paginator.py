"""A paginator that reads a page's ids and the total in one statement."""

from django.core.paginator import Paginator
from django.db.models import Count, Window

# Past this offset, the page asked for is read the ordinary way (a count, then the page): an
# address with an absurd page number must not become an absurd OFFSET.
MAX_OFFSET = 1_000_000


class IdsPaginator(Paginator):
    """Pages of the ids of a queryset (``page.object_list`` is a list of primary keys).

    ``get_page`` reads the ids of the page asked for, and how many rows there are in all
    (``COUNT(*) OVER ()``, computed before the ``LIMIT``), in one statement instead of a
    ``COUNT`` and then the page. With ``orphans``, it reads enough rows for a last page that
    keeps them. When the page asked for is past the end, or not a number, the count and the
    page are read the ordinary way, and Django's rules apply (the first or the last page).
    """

    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._read = None  # (offset, ids) read together with the count

    def get_page(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1
        offset = (wanted - 1) * self.per_page
        query = self.object_list.query
        # The window counts the rows before DISTINCT or a UNION would merge them: those go the
        # ordinary way.
        if wanted >= 1 and offset <= MAX_OFFSET and not (query.distinct or query.combinator):
            self._read_with_count(offset)
        return super().get_page(number)

    def _read_with_count(self, offset):
        rows = list(
            self.object_list.annotate(_rows_in_all=Window(Count("*"))).values_list(
                "pk", "_rows_in_all"
            )[offset : offset + self.per_page + self.orphans]
        )
        if rows:
            self.__dict__["count"] = rows[0][1]
        elif offset == 0:
            self.__dict__["count"] = 0
        self._read = (offset, [pk for pk, _total in rows])

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self._read is not None and self._read[0] == bottom:
            ids = self._read[1][: top - bottom]
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(ids, number, self)
