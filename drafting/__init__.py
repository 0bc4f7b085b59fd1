"""License Drafter: draft a licence for training AI on a dataset."""
