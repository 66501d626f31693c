# Production image: gunicorn serving the site, whitenoise serving the collected static files.
# Configuration comes from the environment at run time (see docker-compose.yml and .env.example).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=assises_site.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    PAGE_CACHE_DIR=/tmp/assises-pages

WORKDIR /app

# The site runs as an unprivileged user; the code stays owned by root, so it cannot change it.
RUN groupadd --system app \
    && useradd --system --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app

# WeasyPrint (the PDF dossiers and letters) needs Pango and HarfBuzz, and fonts to embed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Runtime dependencies only; the wheels (psycopg2-binary included) need no compiler.
# WITH_S3=1 adds boto3, for media on an S3-compatible object store (MEDIA_STORAGE=s3).
ARG WITH_S3=0
COPY requirements/base.txt requirements/s3.txt requirements/
RUN pip install -r requirements/base.txt \
    && if [ "$WITH_S3" = "1" ]; then pip install -r requirements/s3.txt; fi

COPY . .

# Static files are collected (hashed and compressed for whitenoise) once, at build time. The
# production settings refuse to load without a secret key and hosts: these values exist only
# for this one command and are not kept in the image.
RUN SECRET_KEY=build-time-only-collectstatic-key-not-used-at-run-time-0123456789 \
    ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3 \
    && chmod 0755 docker/entrypoint.sh \
    && mkdir -p "$MEDIA_ROOT" \
    && chown app:app "$MEDIA_ROOT"

# The image refuses to build if WeasyPrint cannot make a PDF with what was installed above.
RUN DJANGO_SETTINGS_MODULE=assises_site.settings.local python manage.py check_pdf --strict

USER app

EXPOSE 8000

# migrate, load_document, then exec gunicorn on ${PORT:-8000}. Another command can replace it,
# for example: docker compose run --rm web python manage.py createsuperuser
CMD ["/app/docker/entrypoint.sh"]
