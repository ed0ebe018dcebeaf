FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir . \
 && DJANGO_SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput --settings=meetregion.settings.production \
 && (ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1 && python manage.py compilemessages || true)
EXPOSE 8000
CMD ["gunicorn", "meetregion.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
