# Board tab: cards, columns, detail pane, forms, footer hints, help overlay, action names.
