"""Labels of choice fields, cheaply.

Django's ``get_FOO_display()`` rebuilds and hashes the field's whole list of choices at each call
(each label a lazy translation): on the lists, where it runs hundreds of times a page, that was a
tenth of the page's time. A model declares its own ``get_FOO_display`` with ``choice_label`` for
its busiest fields; Django then keeps it instead of generating one.
"""


def choice_label(choices, value):
    """What ``get_FOO_display()`` returns: the value's label, or the value itself if unknown."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
