/** Collections: the create request, a collection's description, the listing. */
package dev.ragserver.api.collections;
