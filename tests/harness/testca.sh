# testca.sh — throwaway certificate authorities and certificates for TLS
# tests, made with the openssl command at test time (sourced, not run).
#
#   fq_ca_new DIR NAME                 DIR/NAME.crt and DIR/NAME.key: a CA
#   fq_cert_new DIR CA NAME CN [SAN]   DIR/NAME.crt and DIR/NAME.key, signed
#                                      by DIR/CA; SAN as openssl writes it
#                                      ("DNS:localhost,IP:127.0.0.1")
#
# Keys are P-256 (fast to make), certificates valid for two days, keys
# mode 0600.  Nothing here is secret beyond the test run.

fq_ca_new() {
	local dir=$1 name=$2
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj "/CN=fedq test CA $name" -addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-keyout "$dir/$name.key" -out "$dir/$name.crt" 2>/dev/null ||
		{ echo "testca.sh: openssl could not make the CA $name" >&2; return 1; }
	chmod 600 "$dir/$name.key"
}

fq_cert_new() {
	local dir=$1 ca=$2 name=$3 cn=$4 san=${5:-}
	local ext="$dir/$name.ext"
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-subj "/CN=$cn" -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null ||
		{ echo "testca.sh: openssl could not make the request for $name" >&2; return 1; }
	{
		echo "basicConstraints=CA:FALSE"
		[ -n "$san" ] && echo "subjectAltName=$san"
	} > "$ext"
	openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" \
		-CAcreateserial -days 2 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null ||
		{ echo "testca.sh: openssl could not sign $name" >&2; return 1; }
	chmod 600 "$dir/$name.key"
	rm -f "$dir/$name.csr" "$ext"
}
