# report: see common.ftl for shared words.
