# Agenda tab, follow-ups and activities, the schedule form, the board's messages (undo, live notices, conversion).
