#ifndef DIGEST_CLIBXML2_SHIM_H
#define DIGEST_CLIBXML2_SHIM_H

// Debian's libxml2 headers enable ICU, whose headers clash with the ICU that Foundation brings;
// nothing here needs libxml2's ICU entry points, so switch them off before the other headers.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/xmlstring.h>
#include <libxml/uri.h>
#include <libxml/parserInternals.h>

/// `xmlFree` is a global function pointer, which Swift 6 rejects as shared mutable state.
static inline void digest_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
