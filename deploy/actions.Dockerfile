# Rasa SDK action server (build context: the repository root).
FROM python:3.10-slim
WORKDIR /app
COPY actions/requirements.txt actions/constraints.txt actions/
RUN pip install --no-cache-dir -r actions/requirements.txt -c actions/constraints.txt
COPY actions/ actions/
# The claimant-facing texts are the responses in domain/; actions/replies.py reads the parts of composed messages there.
COPY domain/ domain/
COPY data/nlu/faq_responses.yml data/nlu/
# What every service shares: the Chinese text rules and the settings rules (text_rules/, shared_config/).
COPY text_rules/ text_rules/
COPY shared_config/ shared_config/
EXPOSE 5055
# Other containers (the Rasa replicas) reach it; every call but /health needs ACTION_SERVER_TOKEN.
ENV ACTIONS_HOST=0.0.0.0
CMD ["python", "-m", "actions.server", "--actions", "actions", "--port", "5055"]
