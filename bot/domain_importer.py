"""Rasa's file importer, with the responses of each capability in domain/ merged into domain.yml.

domain.yml keeps the intents, entities, slots, forms and actions: its slot mappings share YAML anchors (the
`&digressions` list), which cannot cross files. Each capability's responses are in their own file of domain/, so a
newcomer changing a question of the settlement form opens domain/settlement.yml. config.yml names this importer, so
`rasa train`, `rasa data validate` and the test commands all read the same domain.
"""

from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.importers.rasa import RasaFileImporter

RESPONSES_DIRECTORY = "domain"


class CapabilityDomainImporter(RasaFileImporter):
    """Loads training data as Rasa does; the domain is domain.yml together with the files of domain/ beside it."""

    def get_domain(self) -> Domain:
        """domain.yml merged with every capability's responses."""
        domain = super().get_domain()
        if not self._domain_path or Path(self._domain_path).is_dir():
            return domain
        responses = Path(self._domain_path).parent / RESPONSES_DIRECTORY
        return domain.merge(Domain.load(str(responses))) if responses.is_dir() else domain
