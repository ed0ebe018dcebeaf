# One image for web (gunicorn), worker and beat; docker-compose.yml picks the command.
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p meetregion core ideas projects notifications resourcebank workgroups knowledgebank \
    followup portal demo staffauth \
 && pip install --no-cache-dir . && pip uninstall -y meetregion
COPY . .
RUN pip install --no-cache-dir --no-deps . \
 && DJANGO_SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput --settings=meetregion.settings.production \
 && (ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1 && python manage.py compilemessages || true) \
 && groupadd --system --gid 10001 meetregion \
 && useradd --system --uid 10001 --gid 10001 --home /app meetregion \
 && mkdir -p /app/media && chown meetregion /app/media
# A numeric user, so that Kubernetes can check runAsNonRoot.
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz/ping/', timeout=3)" || exit 1
# meetregion/gunicorn.py: WEB_CONCURRENCY workers, drains on SIGTERM, then a graceful stop.
CMD ["gunicorn", "-c", "python:meetregion.gunicorn", "meetregion.wsgi:application"]
