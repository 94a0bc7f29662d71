#!/bin/sh
# Builds eval/gum/tune and eval/gum/held-out from the dep/ folder of a GUM snapshot (see README.md).
#   sh eval/gum/build.sh GUM_DEP_DIR
set -eu
dep=${1:?usage: build.sh GUM_DEP_DIR}
here=$(dirname "$0")
ids=$(ls "$dep" | grep -E '^GUM_(bio|voyage|academic|court)_' | sed 's/\.conllu$//' | sort)
# every third document (sorted by id) is held out; the rest is tuned on
held=$(echo "$ids" | awk 'NR % 3 == 0')
tune=$(echo "$ids" | awk 'NR % 3 != 0')
# tuning only: textbooks from OpenStax and Rebus (CC BY 4.0; not the OERTX one, whose licence the page does not state)
# and speeches whose texts are US government works (public domain) or Creative Commons' own (CC BY 4.0)
extra=$(ls "$dep" | grep -E '^GUM_textbook_' | grep -v '^GUM_textbook_alamo' | sed 's/\.conllu$//' | sort)
for s in floyd impeachment inauguration maiden nixon remarks school telescope trump; do extra="$extra GUM_speech_$s"; done
# and GENTLE's openly licensed documents (its out-of-domain test set, shipped in GUM's dep/): US court opinions and the
# Roe v. Wade syllabus (public domain), a contract from CUAD (CC BY 4.0), Wiktionary entries and ProofWiki proofs
# (CC BY-SA 3.0) and poems in the public domain; not its medical notes, video transcripts or syllabi (no clear licence)
for s in threat_bolin threat_dillard threat_kelly threat_malik threat_white legal_abortion legal_service dictionary_next \
  dictionary_school dictionary_trust proof_five proof_square proof_wosets poetry_annabel poetry_death poetry_flower \
  poetry_raven poetry_road; do extra="$extra GENTLE_$s"; done
python3 "$here/convert.py" "$dep" "$here/held-out" $held
# shellcheck disable=SC2086
python3 "$here/convert.py" "$dep" "$here/tune" $tune $extra
echo "held-out: $(wc -l < "$here/held-out/docs.ndjson") documents, tune: $(wc -l < "$here/tune/docs.ndjson") documents"
