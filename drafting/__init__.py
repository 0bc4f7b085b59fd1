"""License Drafter: draft a license for training AI on a dataset."""
