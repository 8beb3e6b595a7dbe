-- The claims API uses the database POSTGRES_DB (claims); Rasa's tracker store gets its own.
CREATE DATABASE rasa_tracker;
