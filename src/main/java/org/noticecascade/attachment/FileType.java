package org.noticecascade.attachment;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The file types a notice may carry, told by their first bytes, with the name's extension choosing among the types
 * that share a container: DOCX, XLSX and OFD are ZIP archives; DOC, XLS and WPS are OLE2 compound files. A detector
 * without the parsers' container inspection (Tika core alone) could tell no more than these families either, so the
 * check is kept here: a file whose bytes are not of the family its extension claims is refused.
 */
enum FileType {
  PDF("application/pdf", Magic.PDF, "pdf"),
  OFD("application/ofd", Magic.ZIP, "ofd"),
  DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document", Magic.ZIP, "docx"),
  XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Magic.ZIP, "xlsx"),
  ZIP("application/zip", Magic.ZIP, "zip"),
  DOC("application/msword", Magic.OLE2, "doc"),
  XLS("application/vnd.ms-excel", Magic.OLE2, "xls"),
  WPS("application/vnd.ms-works", Magic.OLE2, "wps"),
  JPEG("image/jpeg", Magic.JPEG, "jpg", "jpeg"),
  PNG("image/png", Magic.PNG, "png");

  /** How many leading bytes {@link #detect} needs. */
  static final int HEAD = 8;

  /** The names the Chinese refusal lists. */
  static final String ALLOWED = "PDF、OFD、DOC/DOCX、WPS、XLS/XLSX、JPG/PNG、ZIP";

  final String contentType;
  private final Magic magic;
  private final String[] extensions;

  FileType(String contentType, Magic magic, String... extensions) {
    this.contentType = contentType;
    this.magic = magic;
    this.extensions = extensions;
  }

  /** The type of a file by its name's extension, if its first bytes are of that type's family. */
  static Optional<FileType> detect(String fileName, byte[] head, int length) {
    String ext = extension(fileName);
    return Arrays.stream(values())
        .filter(t -> Arrays.asList(t.extensions).contains(ext) && t.magic.matches(head, length))
        .findFirst();
  }

  private static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Signatures: a ZIP local file header, the OLE2 header, %PDF-, JPEG's SOI marker, PNG's eight bytes. */
  private enum Magic {
    PDF(0x25, 0x50, 0x44, 0x46, 0x2D),
    ZIP(0x50, 0x4B, 0x03, 0x04),
    OLE2(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1),
    JPEG(0xFF, 0xD8, 0xFF),
    PNG(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);

    private final int[] bytes;

    Magic(int... bytes) {
      this.bytes = bytes;
    }

    boolean matches(byte[] head, int length) {
      if (length < bytes.length) {
        return false;
      }
      for (int i = 0; i < bytes.length; i++) {
        if ((head[i] & 0xFF) != bytes[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
