package dev.fromzero.course.mutate;

import dev.fromzero.course.CourseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads PIT's {@code mutations.xml} (its XML output format): one {@code <mutation>} element per
 * mutant, with the source file, class, method, line, mutator and verdict. The source file is a
 * bare name, so the path comes from the mutated class's package.
 */
public final class PitReport {

    private PitReport() {
    }

    public static List<Mutation> read(Path xml) {
        if (!Files.isRegularFile(xml)) {
            throw new CourseException("PIT wrote no report at " + xml + ": see PIT's output above for why it stopped");
        }
        try {
            // PIT writes mutants through a buffer as units end, and the closing tag last: a run
            // still going, or cut short, has a report that stops anywhere, even inside a mutant.
            // Its complete mutants score the units done so far.
            String text = Files.readString(xml, StandardCharsets.UTF_8);
            String whole = text.contains("</mutations>") ? text : completeMutants(text) + "</mutations>\n";
            return parse(new ByteArrayInputStream(whole.getBytes(StandardCharsets.UTF_8)), xml.toString());
        } catch (IOException e) {
            throw new CourseException("cannot read PIT's report " + xml + ": " + e.getMessage());
        }
    }

    private static String completeMutants(String text) {
        int end = text.lastIndexOf("</mutation>");
        if (end >= 0) {
            return text.substring(0, end + "</mutation>".length()) + "\n";
        }
        int open = text.indexOf("<mutation ");
        return open >= 0 ? text.substring(0, open) : text;
    }

    /** Whether PIT finished the report: false while it runs, or after it was stopped. */
    public static boolean finished(Path xml) {
        try {
            return Files.readString(xml, StandardCharsets.UTF_8).contains("</mutations>");
        } catch (IOException e) {
            throw new CourseException("cannot read PIT's report " + xml + ": " + e.getMessage());
        }
    }

    static List<Mutation> parse(InputStream in, String shown) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // throws, without a "[Fatal Error]" on stderr
            NodeList nodes = builder.parse(in).getElementsByTagName("mutation");
            List<Mutation> mutations = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                mutations.add(mutation((Element) nodes.item(i), shown, i + 1));
            }
            return mutations;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new CourseException(shown + " is not a PIT mutations report: " + e.getMessage());
        }
    }

    private static Mutation mutation(Element e, String shown, int index) {
        String mutatedClass = text(e, "mutatedClass", shown, index);
        String sourceFile = text(e, "sourceFile", shown, index);
        int dot = mutatedClass.lastIndexOf('.');
        String path = (dot < 0 ? "" : mutatedClass.substring(0, dot).replace('.', '/') + "/") + sourceFile;
        String line = text(e, "lineNumber", shown, index);
        try {
            return new Mutation(path, mutatedClass, text(e, "mutatedMethod", shown, index), Integer.parseInt(line),
                    text(e, "mutator", shown, index), text(e, "description", shown, index),
                    e.getAttribute("status"), Boolean.parseBoolean(e.getAttribute("detected")));
        } catch (NumberFormatException x) {
            throw new CourseException(shown + ": mutation " + index + " has line number '" + line + "', not a number");
        }
    }

    private static String text(Element e, String tag, String shown, int index) {
        NodeList found = e.getElementsByTagName(tag);
        if (found.getLength() == 0) {
            throw new CourseException(shown + ": mutation " + index + " has no <" + tag + ">: is this PIT's mutations.xml?");
        }
        return found.item(0).getTextContent().strip();
    }
}
