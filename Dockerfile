# Briefbot in a container: `docker build -t briefbot .` then (README, "Running it in Docker")
#   docker run -d --name briefbot --restart on-failure --env-file briefbot.env \
#     -v briefbot-data:/srv/briefbot/data briefbot
# The Discord token comes from the environment at run time (--env-file); it is never part of
# the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --create-home --home-dir /srv/briefbot --shell /usr/sbin/nologin briefbot
WORKDIR /srv/briefbot

COPY pyproject.toml README.md ./
COPY digests ./digests
COPY bot ./bot
COPY seeds ./seeds
RUN pip install . \
    && mkdir -p data \
    && chown briefbot:briefbot data

USER briefbot
VOLUME ["/srv/briefbot/data"]
CMD ["briefbot", "run"]
