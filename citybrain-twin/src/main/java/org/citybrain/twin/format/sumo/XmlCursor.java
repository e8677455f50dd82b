package org.citybrain.twin.format.sumo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.citybrain.twin.Point;
import org.citybrain.twin.TwinFormatException;

/**
 * Walks the start elements of one XML file and reads their attributes, turning every problem into
 * a {@link TwinFormatException} with the file and the {@code line N, column C} of the element.
 *
 * <p>DTDs and external entities are disabled: a SUMO file never needs them, and resolving them
 * would let a crafted file read local files or the network (XXE) or blow up memory (entity
 * expansion). A document that declares or references an entity fails with a parse error.
 *
 * <p>StAX reports the position where an element's start tag <em>ends</em>; for tags written on
 * one line, which is how SUMO writes them, the line is the element's line.
 */
final class XmlCursor implements AutoCloseable {
    private static final XMLInputFactory FACTORY = secureFactory();

    private final String source;
    private final InputStream in;
    private final XMLStreamReader reader;
    private int depth;

    private XmlCursor(String source, InputStream in, XMLStreamReader reader) {
        this.source = source;
        this.in = in;
        this.reader = reader;
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    static XmlCursor open(Path file) {
        String source = file.toString();
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new TwinFormatException(source, "", "cannot read file: " + e, e);
        }
        try {
            return new XmlCursor(source, in, FACTORY.createXMLStreamReader(in));
        } catch (XMLStreamException e) {
            closeQuietly(in);
            throw parseError(source, e);
        }
    }

    String source() {
        return source;
    }

    /**
     * Moves to the next start tag.
     *
     * @return false at the end of the document
     */
    boolean next() {
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    return true;
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return false;
        } catch (XMLStreamException e) {
            throw parseError(source, e);
        }
    }

    /** Local name of the current element. */
    String name() {
        return reader.getLocalName();
    }

    /** Nesting depth of the current element; the root element is 1. */
    int depth() {
        return depth;
    }

    int line() {
        return reader.getLocation().getLineNumber();
    }

    /** {@code line N, column C} of the current element. */
    String where() {
        Location l = reader.getLocation();
        return "line " + l.getLineNumber() + ", column " + l.getColumnNumber();
    }

    /** The attribute's value, or null when absent. */
    String attr(String name) {
        return reader.getAttributeValue(null, name);
    }

    String required(String name) {
        String v = attr(name);
        if (v == null || v.isBlank()) {
            throw fail("<" + name() + "> needs attribute '" + name + "'");
        }
        return v;
    }

    double requiredDouble(String name) {
        return toDouble(name, required(name));
    }

    double optionalDouble(String name, double fallback) {
        String v = attr(name);
        return v == null ? fallback : toDouble(name, v);
    }

    int requiredInt(String name) {
        return toInt(name, required(name));
    }

    /** The attribute as an int, or -1 when absent. */
    int optionalIndex(String name) {
        String v = attr(name);
        return v == null ? -1 : toInt(name, v);
    }

    /** A SUMO position list {@code "x1,y1 x2,y2 ..."}; empty when the attribute is absent. */
    List<Point> shape(String name) {
        String v = attr(name);
        List<Point> points = new ArrayList<>();
        if (v == null || v.isBlank()) {
            return points;
        }
        for (String pair : v.trim().split("\\s+")) {
            String[] xy = pair.split(",");
            if (xy.length < 2 || xy.length > 3) {
                throw fail("attribute '" + name + "' has position '" + pair + "'; expected x,y");
            }
            try {
                points.add(new Point(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
            } catch (IllegalArgumentException e) {
                throw fail("attribute '" + name + "' has position '" + pair + "'; expected x,y as numbers");
            }
        }
        return points;
    }

    TwinFormatException fail(String reason) {
        return new TwinFormatException(source, where(), reason);
    }

    private double toDouble(String name, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below with the attribute name
        }
        throw fail("attribute '" + name + "' must be a number, got '" + v + "'");
    }

    private int toInt(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw fail("attribute '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    private static TwinFormatException parseError(String source, XMLStreamException e) {
        Location l = e.getLocation();
        String where = l == null ? "" : "line " + l.getLineNumber() + ", column " + l.getColumnNumber();
        String message = e.getMessage() == null ? "malformed XML" : e.getMessage();
        // the JDK prefixes the message with "ParseError at [row,col]:[..]\nMessage: "; the location is ours
        int m = message.indexOf("Message: ");
        if (m >= 0) {
            message = message.substring(m + "Message: ".length());
        }
        return new TwinFormatException(source, where, "malformed XML: " + message.strip(), e);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // nothing useful to do: the file was read or already failed
        }
        closeQuietly(in);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // read-only stream; a failing close loses nothing
        }
    }
}
