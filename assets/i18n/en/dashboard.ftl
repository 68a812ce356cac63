# Dashboard tab: panels, figures and their definitions, charts, insights, drill-down.
