# odbcinst/: the driver registration template.  After `make install`:
#     odbcinst -i -d -f odbcinst/fedq.ini
# registers the installed driver under the name "fedq".

odbcinst/fedq.ini: $(srcdir)/odbcinst/fedq.ini.in Makefile
	$(AM_V_GEN)mkdir -p odbcinst && \
	sed -e 's|@driverdir@|$(libdir)|g' $(srcdir)/odbcinst/fedq.ini.in > $@

all-local: odbcinst/fedq.ini
CLEANFILES += odbcinst/fedq.ini
EXTRA_DIST += odbcinst/fedq.ini.in odbcinst/README.md
