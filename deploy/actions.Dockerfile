# Rasa SDK action server (build context: the repository root).
FROM python:3.10-slim
WORKDIR /app
COPY actions/requirements.txt actions/constraints.txt actions/
RUN pip install --no-cache-dir -r actions/requirements.txt -c actions/constraints.txt
COPY actions/ actions/
EXPOSE 5055
CMD ["python", "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"]
