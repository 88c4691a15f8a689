# The DAP portal's image: web (gunicorn), Celery worker and beat all run from it
# (see docker-compose.yml for the commands).
FROM python:3.12-slim

# Set to true to convert Word, Excel and PowerPoint bilag to PDF for meeting packs
# (LibreOffice adds about 400 MB): docker compose build --build-arg WITH_LIBREOFFICE=true
ARG WITH_LIBREOFFICE=false

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

# WeasyPrint renders the agenda PDFs with Pango and HarfBuzz.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && if [ "$WITH_LIBREOFFICE" = "true" ]; then \
        apt-get install -y --no-install-recommends libreoffice-nogui; \
    fi \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# The project's own modules compiled too (UV_COMPILE_BYTECODE covers the dependencies): with
# PYTHONDONTWRITEBYTECODE nothing would ever cache them, and every command would compile anew.
RUN python -m compileall -q -j 0 dap_portal accounts meetings projects budgets ops manage.py

RUN useradd --system --uid 1000 --user-group --home-dir /app --no-create-home app \
    && mkdir -p /app/var /data/media \
    && chown -R app:app /app/var /data/media

USER app
EXPOSE 8000
CMD ["gunicorn", "-c", "python:dap_portal.gunicorn_conf", "dap_portal.wsgi"]
