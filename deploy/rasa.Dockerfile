# Rasa server replica (build context: the repository root). Train first (`make train`): the image takes
# models/claims.tar.gz from the context, so every replica serves the same model.
FROM python:3.10-slim
WORKDIR /app
COPY bot/requirements.txt bot/constraints.txt bot/
RUN pip install --no-cache-dir -r bot/requirements.txt -c bot/constraints.txt
COPY bot/ bot/
# What every service shares: the Chinese text rules and the settings rules (text_rules/, shared_config/).
COPY text_rules/ text_rules/
COPY shared_config/ shared_config/
COPY config.yml domain.yml ./
COPY domain/ domain/
RUN python -m bot.spacy_pipeline.build
COPY deploy/endpoints.scale.yml deploy/credentials.scale.yml deploy/
COPY models/claims.tar.gz models/
ENV RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
EXPOSE 5005
# The token comes from the environment (RASA_TOKEN); the shell expands it.
CMD ["sh", "-c", "exec python -m bot run --enable-api --auth-token \"$RASA_TOKEN\" --port 5005 --model models/claims.tar.gz --endpoints deploy/endpoints.scale.yml --credentials deploy/credentials.scale.yml"]
