/** Running a tool and copying or deleting file trees (internal). No compatibility promise. */
package dev.computectl.core.internal.io;
