# dashboard: see common.ftl for shared words.
