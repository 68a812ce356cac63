# board: see common.ftl for shared words.
