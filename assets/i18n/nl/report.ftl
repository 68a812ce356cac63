# Text report, deal list and deal show, report warnings.
