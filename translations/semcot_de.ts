<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>QObject</name>
    <message>
        <source>%1 has no preset</source>
        <translation>%1 hat keine Voreinstellung</translation>
    </message>
</context>
<context>
    <name>ReportCommand</name>
    <message>
        <source>--%1 needs a number &gt;= 0, got &apos;%2&apos;</source>
        <translation>--%1 erwartet eine Zahl &gt;= 0, erhalten: &apos;%2&apos;</translation>
    </message>
    <message>
        <source>Export a comparison report of run folder RUN into --out and exit.</source>
        <translation>Einen Vergleichsbericht des Laufordners RUN nach --out exportieren und beenden.</translation>
    </message>
    <message>
        <source>Another run folder to compare side by side (repeatable).</source>
        <translation>Ein weiterer Laufordner zum direkten Vergleich (mehrfach angebbar).</translation>
    </message>
    <message>
        <source>An evaluation file (semcot.evaluation/1 JSON) to report instead of evaluating; one per run, or several for a single run (repeatable).</source>
        <translation>Eine Auswertungsdatei (semcot.evaluation/1-JSON), die statt einer neuen Auswertung berichtet wird; eine pro Lauf oder mehrere für einen einzelnen Lauf (mehrfach angebbar).</translation>
    </message>
    <message>
        <source>Questions to evaluate for runs without an evaluation file.</source>
        <translation>Anzahl der auszuwertenden Fragen für Läufe ohne Auswertungsdatei.</translation>
    </message>
    <message>
        <source>Example questions to show.</source>
        <translation>Anzahl der gezeigten Beispielfragen.</translation>
    </message>
    <message>
        <source>Leave out implicit tokens, nearest sentences and heatmaps.</source>
        <translation>Implizite Tokens, nächste Sätze und Heatmaps weglassen.</translation>
    </message>
    <message>
        <source>Output folder of the report.</source>
        <translation>Ausgabeordner des Berichts.</translation>
    </message>
    <message>
        <source>--export-report needs --out DIR</source>
        <translation>--export-report benötigt --out ORDNER</translation>
    </message>
    <message>
        <source>report export failed: %1</source>
        <translation>Berichtsexport fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Latent-token diagnostics (token statistics, interventions and the masked control) over N questions per method with latents; 0 = none.</source>
        <translation>Diagnose der latenten Tokens (Token-Statistik, Interventionen und die maskierte Kontrolle) über N Fragen je Methode mit latenten Tokens; 0 = keine.</translation>
    </message>
</context>
<context>
    <name>RunFolder</name>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>%1 is a model folder, not a SemCoT run. Use it as the teacher or student of a new training run (File &gt; New training run).</source>
        <translation>%1 ist ein Modellordner, kein SemCoT-Lauf. Verwenden Sie ihn als Lehrer oder Schüler eines neuen Trainingslaufs (Datei &gt; Neuer Trainingslauf).</translation>
    </message>
    <message>
        <source>%1 is neither a SemCoT run nor a model folder: it has no run.json (a run) and no config.json with *.safetensors (a model).</source>
        <translation>%1 ist weder ein SemCoT-Lauf noch ein Modellordner: Er enthält keine run.json (Lauf) und keine config.json mit *.safetensors (Modell).</translation>
    </message>
    <message>
        <source>%1: run.json is not valid JSON (%2).</source>
        <translation>%1: run.json ist kein gültiges JSON (%2).</translation>
    </message>
    <message>
        <source>%1 is not a complete SemCoT run. Missing: %2.</source>
        <translation>%1 ist kein vollständiger SemCoT-Lauf. Es fehlt: %2.</translation>
    </message>
    <message>
        <source>The run in %1 failed (%2). It cannot be resumed; start a new run.</source>
        <translation>Der Lauf in %1 ist fehlgeschlagen (%2). Er kann nicht fortgesetzt werden; starten Sie einen neuen Lauf.</translation>
    </message>
    <message>
        <source>The run in %1 has not finished training: it was stopped or interrupted, and can be resumed.</source>
        <translation>Der Lauf in %1 ist noch nicht fertig trainiert: Er wurde angehalten oder unterbrochen und kann fortgesetzt werden.</translation>
    </message>
    <message>
        <source>The run in %1 is being trained right now (%2). Wait for that training to finish, or stop it, before resuming or opening it.</source>
        <translation>Der Lauf in %1 wird gerade trainiert (%2). Warten Sie, bis dieses Training fertig ist, oder halten Sie es an, bevor Sie ihn fortsetzen oder öffnen.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>SemCoT Studio: explicit and implicit reasoning, side by side.</source>
        <translation>SemCoT Studio: explizites und implizites Schlussfolgern im direkten Vergleich.</translation>
    </message>
    <message>
        <source>Run folder to open (default: the last one, else the shipped tiny run).</source>
        <translation>Zu öffnender Laufordner (Standard: der zuletzt geöffnete, sonst der mitgelieferte kleine Lauf).</translation>
    </message>
    <message>
        <source>Save a PNG of the window and exit.</source>
        <translation>Ein PNG des Fensters speichern und beenden.</translation>
    </message>
    <message>
        <source>Milliseconds to wait before the screenshot (default: until the jobs finish).</source>
        <translation>Millisekunden bis zum Bildschirmfoto (Standard: bis die Aufgaben fertig sind).</translation>
    </message>
    <message>
        <source>Ask test questions N,... (1-based) once the run is open.</source>
        <translation>Testfragen N,... (ab 1 gezählt) stellen, sobald der Lauf geöffnet ist.</translation>
    </message>
    <message>
        <source>Evaluate the first N test questions once the run is open.</source>
        <translation>Die ersten N Testfragen auswerten, sobald der Lauf geöffnet ist.</translation>
    </message>
    <message>
        <source>Start a training run from this preset file.</source>
        <translation>Einen Trainingslauf mit dieser Voreinstellungsdatei starten.</translation>
    </message>
    <message>
        <source>Output folder for --train and --export-report.</source>
        <translation>Ausgabeordner für --train und --export-report.</translation>
    </message>
    <message>
        <source>Try &apos;semcot-studio --help&apos;.</source>
        <translation>Siehe &apos;semcot-studio --help&apos;.</translation>
    </message>
    <message>
        <source>give at most one run folder</source>
        <translation>höchstens einen Laufordner angeben</translation>
    </message>
    <message>
        <source>--ask wants test question numbers from 1, such as 3 or 1,2,3 (not &apos;%1&apos;)</source>
        <translation>--ask erwartet Testfragennummern ab 1, etwa 3 oder 1,2,3 (nicht &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--evaluate wants a number of questions, 0 for all (not &apos;%1&apos;)</source>
        <translation>--evaluate erwartet eine Anzahl Fragen, 0 für alle (nicht &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--delay wants milliseconds, 0 or more (not &apos;%1&apos;)</source>
        <translation>--delay erwartet Millisekunden, 0 oder mehr (nicht &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>the training dialog refused the preset or --out: %1</source>
        <translation>der Trainingsdialog lehnt die Voreinstellung oder --out ab: %1</translation>
    </message>
    <message numerus="yes">
        <source>--ask %1: the run has %n test question(s)</source>
        <translation>
            <numerusform>--ask %1: der Lauf hat %n Testfrage</numerusform>
            <numerusform>--ask %1: der Lauf hat %n Testfragen</numerusform>
        </translation>
    </message>
    <message>
        <source>--screenshot %1: unknown image type &apos;%2&apos; (use .png)</source>
        <translation>--screenshot %1: unbekannter Bildtyp &apos;%2&apos; (.png verwenden)</translation>
    </message>
    <message>
        <source>--screenshot %1: the folder %2 does not exist</source>
        <translation>--screenshot %1: der Ordner %2 existiert nicht</translation>
    </message>
    <message>
        <source>no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen to run headless (reports and screenshots)</source>
        <translation>keine Anzeige: DISPLAY setzen, oder QT_QPA_PLATFORM=offscreen für den Betrieb ohne Bildschirm (Berichte und Bildschirmfotos)</translation>
    </message>
    <message>
        <source>cannot write the screenshot %1</source>
        <translation>das Bildschirmfoto %1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>What answers beside the explicit CoT in the Ask view (semcot, nocot, or a baseline trained on the run: pause, softcot, coconut, codi, icot); with --dialog training, the method it trains.</source>
        <translation>Was in der Ansicht „Fragen“ neben der expliziten CoT antwortet (semcot, nocot oder eine auf dem Lauf trainierte Baseline: pause, softcot, coconut, codi, icot); mit --dialog training die Methode, die er trainiert.</translation>
    </message>
    <message>
        <source>Methods for --evaluate, comma-separated (default: the Evaluation view&apos;s).</source>
        <translation>Methoden für --evaluate, durch Kommas getrennt (Standard: die der Ansicht „Auswertung“).</translation>
    </message>
    <message>
        <source>unknown method &apos;%1&apos; for --method (expected semcot, nocot, pause, softcot, coconut, codi or icot)</source>
        <translation>unbekannte Methode &apos;%1&apos; für --method (erwartet: semcot, nocot, pause, softcot, coconut, codi oder icot)</translation>
    </message>
    <message>
        <source>unknown method &apos;%1&apos; in --methods (expected cot, nocot, semcot, pause, softcot, coconut, codi or icot)</source>
        <translation>unbekannte Methode &apos;%1&apos; in --methods (erwartet: cot, nocot, semcot, pause, softcot, coconut, codi oder icot)</translation>
    </message>
    <message>
        <source>--methods needs --evaluate and at least one method</source>
        <translation>--methods braucht --evaluate und mindestens eine Methode</translation>
    </message>
    <message>
        <source>--out needs --train or --export-report</source>
        <translation>--out braucht --train oder --export-report</translation>
    </message>
    <message>
        <source>--method %1: not trained on this run (%2)</source>
        <translation>--method %1: auf diesem Lauf nicht trainiert (%2)</translation>
    </message>
    <message>
        <source>--methods %1: not every method is trained on this run</source>
        <translation>--methods %1: nicht jede Methode ist auf diesem Lauf trainiert</translation>
    </message>
    <message>
        <source>Train this baseline (pause, softcot, coconut, codi, icot) on the run folder given, with the training dialog&apos;s defaults; --out: its folder (default RUN/methods/NAME).</source>
        <translation>Diese Baseline (pause, softcot, coconut, codi, icot) auf dem angegebenen Laufordner trainieren, mit den Standardwerten des Trainingsdialogs; --out: ihr Ordner (Standard LAUF/methods/NAME).</translation>
    </message>
    <message>
        <source>unknown baseline &apos;%1&apos; for --train-baseline (expected pause, softcot, coconut, codi or icot)</source>
        <translation>unbekannte Baseline &apos;%1&apos; für --train-baseline (erwartet: pause, softcot, coconut, codi oder icot)</translation>
    </message>
    <message>
        <source>--train and --train-baseline start one training each: give one</source>
        <translation>--train und --train-baseline starten je ein Training: Geben Sie eines an</translation>
    </message>
    <message>
        <source>--train-baseline needs the run folder it trains on</source>
        <translation>--train-baseline braucht den Laufordner, auf dem trainiert wird</translation>
    </message>
    <message>
        <source>the training dialog refused --train-baseline %1 on %2: %3</source>
        <translation>der Trainingsdialog hat --train-baseline %1 auf %2 abgelehnt: %3</translation>
    </message>
    <message>
        <source>--details wants samples or failures (not &apos;%1&apos;)</source>
        <translation>--details erwartet samples oder failures (nicht &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>--details needs --evaluate</source>
        <translation>--details braucht --evaluate</translation>
    </message>
    <message>
        <source>View to show: ask, alignment, training, runs, evaluation, diagnostics.</source>
        <translation>Anzuzeigende Ansicht: ask, alignment, training, runs, evaluation, diagnostics.</translation>
    </message>
    <message>
        <source>What the Evaluation view shows under the summary after --evaluate: samples, or failures (where each method fails, its worst slice&apos;s questions listed); after --diagnose: tokens or interventions.</source>
        <translation>Was die Auswertungsansicht nach --evaluate unter der Zusammenfassung zeigt: samples oder failures (wo jede Methode scheitert, die Fragen ihres schwächsten Ausschnitts aufgelistet); nach --diagnose: tokens oder interventions.</translation>
    </message>
    <message>
        <source>unknown view &apos;%1&apos; (expected ask, alignment, training, runs, evaluation or diagnostics)</source>
        <translation>unbekannte Ansicht &apos;%1&apos; (erwartet: ask, alignment, training, runs, evaluation oder diagnostics)</translation>
    </message>
    <message>
        <source>--method needs --ask, --view ask, --diagnose, --lens or --dialog training</source>
        <translation>--method braucht --ask, --view ask, --diagnose, --lens oder --dialog training</translation>
    </message>
    <message>
        <source>--details with --diagnose wants tokens or interventions (not &apos;%1&apos;)</source>
        <translation>--details mit --diagnose erwartet tokens oder interventions (nicht &apos;%1&apos;)</translation>
    </message>
    <message>
        <source>Run folders to select in the Runs view, comma-separated: their training curves are overlaid.</source>
        <translation>Laufordner, die in der Läufe-Ansicht ausgewählt werden (durch Kommas getrennt): ihre Trainingskurven werden überlagert.</translation>
    </message>
    <message>
        <source>The stage whose curves --select-runs overlays (teacher, student, st1, st2, cg1, cg2, ...).</source>
        <translation>Die Stufe, deren Kurven --select-runs überlagert (teacher, student, st1, st2, cg1, cg2, ...).</translation>
    </message>
    <message>
        <source>The overlaid curves on a log axis.</source>
        <translation>Die überlagerten Kurven auf einer logarithmischen Achse.</translation>
    </message>
    <message>
        <source>The Runs view&apos;s table grouped by seed (mean ± sd).</source>
        <translation>Die Tabelle der Läufe-Ansicht nach Seed gruppiert (Mittelwert ± SD).</translation>
    </message>
    <message>
        <source>Diagnostics of the first N test questions once the run is open (--method: semcot or a baseline with latents).</source>
        <translation>Diagnose der ersten N Testfragen, sobald der Lauf geöffnet ist (--method: semcot oder eine Baseline mit latenten Tokens).</translation>
    </message>
    <message>
        <source>The interventions on test question N alone (the Ask view&apos;s Interventions), shown in the Diagnostics view.</source>
        <translation>Die Interventionen allein an Testfrage N (die Interventionen der Fragen-Ansicht), gezeigt in der Diagnose-Ansicht.</translation>
    </message>
    <message>
        <source>The raw logit lens of test question N in the Diagnostics view.</source>
        <translation>Die rohe Logit-Lens von Testfrage N in der Diagnose-Ansicht.</translation>
    </message>
    <message>
        <source>--select-runs: %1 is not a run folder</source>
        <translation>--select-runs: %1 ist kein Laufordner</translation>
    </message>
    <message>
        <source>--curve-stage needs --select-runs</source>
        <translation>--curve-stage braucht --select-runs</translation>
    </message>
    <message>
        <source>--%1 wants a number (at least %2), not &apos;%3&apos;</source>
        <translation>--%1 erwartet eine Zahl (mindestens %2), nicht &apos;%3&apos;</translation>
    </message>
    <message>
        <source>--interventions is one job of its own: not with --diagnose or --lens</source>
        <translation>--interventions ist ein eigener Auftrag: nicht zusammen mit --diagnose oder --lens</translation>
    </message>
    <message numerus="yes">
        <source>test question %1: the run has %n test question(s)</source>
        <translation>
            <numerusform>Testfrage %1: der Lauf hat %n Testfrage</numerusform>
            <numerusform>Testfrage %1: der Lauf hat %n Testfragen</numerusform>
        </translation>
    </message>
    <message>
        <source>--method %1: no latent tokens, or not trained on this run</source>
        <translation>--method %1: keine latenten Tokens oder nicht auf diesem Lauf trainiert</translation>
    </message>
    <message>
        <source>With --dialog training: the preset it shows (a name in models/presets, or a JSON file).</source>
        <translation>Mit --dialog training: die Voreinstellung, die er zeigt (ein Name in models/presets oder eine JSON-Datei).</translation>
    </message>
    <message>
        <source>Show a dialog (training, settings, about, report); --screenshot captures it.</source>
        <translation>Einen Dialog anzeigen (training, settings, about, report); --screenshot nimmt ihn auf.</translation>
    </message>
    <message>
        <source>unknown dialog &apos;%1&apos; (expected training, settings, about or report)</source>
        <translation>unbekannter Dialog &apos;%1&apos; (erwartet: training, settings, about oder report)</translation>
    </message>
</context>
<context>
    <name>semcot::ui</name>
    <message numerus="yes">
        <source>yes (%n device(s))</source>
        <translation>
            <numerusform>ja (%n Gerät)</numerusform>
            <numerusform>ja (%n Geräte)</numerusform>
        </translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source> (reference BLAS: slow)</source>
        <translation> (Referenz-BLAS: langsam)</translation>
    </message>
</context>
<context>
    <name>semcot::ui::AboutDialog</name>
    <message>
        <source>About SemCoT Studio</source>
        <translation>Über SemCoT Studio</translation>
    </message>
    <message>
        <source>Explicit chain of thought and SemCoT&apos;s implicit reasoning tokens, side by side (&lt;a href=&apos;https://arxiv.org/abs/2510.24940&apos;&gt;arXiv 2510.24940&lt;/a&gt;).</source>
        <translation>Explizite Gedankenkette und die impliziten Denk-Tokens von SemCoT im direkten Vergleich (&lt;a href=&apos;https://arxiv.org/abs/2510.24940&apos;&gt;arXiv 2510.24940&lt;/a&gt;).</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>BLAS</source>
        <translation>BLAS</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Protokolldatei</translation>
    </message>
</context>
<context>
    <name>semcot::ui::AlignmentHeatmap</name>
    <message>
        <source>%1 x step %2: cosine %3
Implicit token %1, nearest sentence: %4
Step %2: %5</source>
        <translation>%1 x Schritt %2: Kosinus %3
Implizites Token %1, nächster Satz: %4
Schritt %2: %5</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>No alignment yet: ask a question in the Ask view.</source>
        <translation>Noch keine Ausrichtung: Stellen Sie in der Ansicht „Fragen“ eine Frage.</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>Schritt %1</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <source>SemCoT alignment heatmap</source>
        <translation>SemCoT-Ausrichtungs-Heatmap</translation>
    </message>
</context>
<context>
    <name>semcot::ui::AlignmentView</name>
    <message>
        <source>No analysis for this question: %1</source>
        <translation>Keine Analyse für diese Frage: %1</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>This question has no ground-truth reasoning (a free question): switch to the explicit CoT steps.</source>
        <translation>Diese Frage hat keine Referenzbegründung (freie Frage): Wechseln Sie zu den Schritten der expliziten CoT.</translation>
    </message>
    <message>
        <source>The teacher&apos;s explicit CoT has no steps to compare with.</source>
        <translation>Die explizite CoT des Lehrers hat keine Schritte zum Vergleichen.</translation>
    </message>
    <message>
        <source>Alignment score &lt;b&gt;%1&lt;/b&gt;: cosine of all implicit tokens with the whole reasoning. Random sentence pairs of the bank: mean &lt;b&gt;%2&lt;/b&gt; (sd %3, 95th percentile %4); this score is %5 sd above it.</source>
        <translation>Ausrichtungswert &lt;b&gt;%1&lt;/b&gt;: Kosinus aller impliziten Tokens mit der gesamten Begründung. Zufällige Satzpaare der Bank: Mittelwert &lt;b&gt;%2&lt;/b&gt; (SA %3, 95. Perzentil %4); dieser Wert liegt %5 SA darüber.</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>Export the heatmap</source>
        <translation>Heatmap exportieren</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Reasoning steps:</source>
        <translation>Begründungsschritte:</translation>
    </message>
    <message>
        <source>Ground truth (dataset)</source>
        <translation>Referenz (Datensatz)</translation>
    </message>
    <message>
        <source>Explicit CoT (teacher)</source>
        <translation>Explizite CoT (Lehrer)</translation>
    </message>
    <message>
        <source>Export PNG...</source>
        <translation>PNG exportieren...</translation>
    </message>
    <message>
        <source>Export SVG...</source>
        <translation>SVG exportieren...</translation>
    </message>
    <message>
        <source>&lt;b&gt;Question:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Frage:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Ask a question in the Ask view: its implicit tokens are compared here with the reasoning steps.</source>
        <translation>Stellen Sie in der Ansicht „Fragen“ eine Frage: Ihre impliziten Tokens werden hier mit den Begründungsschritten verglichen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Question:&lt;/b&gt; %1 &lt;i&gt;(%2&apos;s latent tokens)&lt;/i&gt;</source>
        <translation>&lt;b&gt;Frage:&lt;/b&gt; %1 &lt;i&gt;(latente Tokens von %2)&lt;/i&gt;</translation>
    </message>
    <message>
        <source>2-D projection (PCA): SemCoT&apos;s implicit tokens only; %1&apos;s latent tokens are not projected</source>
        <translation>2-D-Projektion (PCA): nur die impliziten Tokens von SemCoT; die latenten Tokens von %1 werden nicht projiziert</translation>
    </message>
    <message>
        <source>Alignment score &lt;b&gt;%1&lt;/b&gt;: cosine of all of %6&apos;s latent tokens with the whole reasoning. Random sentence pairs of the bank: mean &lt;b&gt;%2&lt;/b&gt; (sd %3, 95th percentile %4); this score is %5 sd above it.</source>
        <translation>Ausrichtungswert &lt;b&gt;%1&lt;/b&gt;: Kosinus aller latenten Tokens von %6 mit der gesamten Begründung. Zufällige Satzpaare der Bank: Mittelwert &lt;b&gt;%2&lt;/b&gt; (SA %3, 95. Perzentil %4); dieser Wert liegt %5 SA darüber.</translation>
    </message>
    <message>
        <source>Decoded from the implicit tokens alone (a probe):</source>
        <translation>Allein aus den impliziten Tokens dekodiert (eine Sonde):</translation>
    </message>
    <message>
        <source>Decoded from the latent tokens alone (a probe):</source>
        <translation>Allein aus den latenten Tokens dekodiert (eine Sonde):</translation>
    </message>
    <message>
        <source>Same as reasoning step %1</source>
        <translation>Gleich dem Denkschritt %1</translation>
    </message>
</context>
<context>
    <name>semcot::ui::AskView</name>
    <message>
        <source>correct</source>
        <translation>richtig</translation>
    </message>
    <message>
        <source>incorrect</source>
        <translation>falsch</translation>
    </message>
    <message numerus="yes">
        <source>Free question (or pick one of the %n test question(s))</source>
        <translation>
            <numerusform>Freie Frage (oder wählen Sie die %n Testfrage)</numerusform>
            <numerusform>Freie Frage (oder wählen Sie eine der %n Testfragen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Gold answer: &lt;b&gt;%1&lt;/b&gt; (test question #%2)</source>
        <translation>Referenzantwort: &lt;b&gt;%1&lt;/b&gt; (Testfrage Nr. %2)</translation>
    </message>
    <message>
        <source>Free question: no gold answer</source>
        <translation>Freie Frage: keine Referenzantwort</translation>
    </message>
    <message>
        <source>Waiting for the explicit chain of thought...</source>
        <translation>Warten auf die explizite Gedankenkette...</translation>
    </message>
    <message numerus="yes">
        <source>Answer: &lt;b&gt;%1&lt;/b&gt;  %2&lt;br&gt;&lt;span style=&apos;color:gray&apos;&gt;%3 ms (%n token(s))&lt;/span&gt;</source>
        <translation>
            <numerusform>Antwort: &lt;b&gt;%1&lt;/b&gt;  %2&lt;br&gt;&lt;span style=&apos;color:gray&apos;&gt;%3 ms (%n Token)&lt;/span&gt;</numerusform>
            <numerusform>Antwort: &lt;b&gt;%1&lt;/b&gt;  %2&lt;br&gt;&lt;span style=&apos;color:gray&apos;&gt;%3 ms (%n Tokens)&lt;/span&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generating %n implicit token(s)...</source>
        <translation>
            <numerusform>%n implizites Token wird erzeugt...</numerusform>
            <numerusform>%n implizite Tokens werden erzeugt...</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1x&lt;/b&gt; faster than the explicit CoT</source>
        <translation>&lt;b&gt;%1x&lt;/b&gt; schneller als die explizite CoT</translation>
    </message>
    <message numerus="yes">
        <source>Decoding the %n implicit token(s) against the sentence bank...</source>
        <translation>
            <numerusform>Das %n implizite Token wird mit der Satzbank dekodiert...</numerusform>
            <numerusform>Die %n impliziten Tokens werden mit der Satzbank dekodiert...</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Angehalten.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>Frage:</translation>
    </message>
    <message>
        <source>Type a question, or pick one from the test set</source>
        <translation>Frage eingeben oder eine aus dem Testdatensatz wählen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop generating (Esc)</source>
        <translation>Generierung anhalten (Esc)</translation>
    </message>
    <message>
        <source>Explicit chain of thought (the teacher writes its reasoning)</source>
        <translation>Explizite Gedankenkette (der Lehrer schreibt seine Begründung)</translation>
    </message>
    <message numerus="yes">
        <source>SemCoT: %n implicit token(s), nearest sentences</source>
        <translation>
            <numerusform>SemCoT: %n implizites Token, nächste Sätze</numerusform>
            <numerusform>SemCoT: %n implizite Tokens, nächste Sätze</numerusform>
        </translation>
    </message>
    <message>
        <source>Press Run to see the implicit tokens.</source>
        <translation>Klicken Sie auf „Ausführen“, um die impliziten Tokens zu sehen.</translation>
    </message>
    <message>
        <source>Not run yet: the answers below are for another question (&quot;%1&quot;). Press Run to answer the question above.</source>
        <translation>Noch nicht ausgeführt: Die Antworten unten gehören zu einer anderen Frage („%1“). Klicken Sie auf „Ausführen“, um die Frage oben zu beantworten.</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>Wird angehalten...</translation>
    </message>
    <message>
        <source>Type a question first, or pick one from the test set.</source>
        <translation>Geben Sie zuerst eine Frage ein oder wählen Sie eine aus dem Testdatensatz.</translation>
    </message>
    <message>
        <source>No run is open: open one first (Ctrl+O).</source>
        <translation>Kein Lauf geöffnet: Öffnen Sie zuerst einen (Strg+O).</translation>
    </message>
    <message>
        <source>Stopped before the implicit tokens were decoded.</source>
        <translation>Angehalten, bevor die impliziten Tokens dekodiert wurden.</translation>
    </message>
    <message>
        <source>(no answer found)</source>
        <translation>(keine Antwort gefunden)</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n token(s): no answer.</source>
        <translation>
            <numerusform>Nach %n Token angehalten: keine Antwort.</numerusform>
            <numerusform>Nach %n Tokens angehalten: keine Antwort.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Not run yet: the right pane shows %1&apos;s answer. Press Run to answer with %2.</source>
        <translation>Noch nicht ausgeführt: Der rechte Bereich zeigt die Antwort von %1. Klicken Sie auf „Ausführen“, um mit %2 zu antworten.</translation>
    </message>
    <message>
        <source>Press Run to see %1&apos;s latent tokens.</source>
        <translation>Klicken Sie auf „Ausführen“, um die latenten Tokens von %1 zu sehen.</translation>
    </message>
    <message>
        <source>Answering with %1...</source>
        <translation>Antwort mit %1...</translation>
    </message>
    <message numerus="yes">
        <source>Decoding %1&apos;s %n latent token(s) against the sentence bank...</source>
        <translation>
            <numerusform>%n latentes Token von %1 wird mit der Satzbank dekodiert...</numerusform>
            <numerusform>%n latente Tokens von %1 werden mit der Satzbank dekodiert...</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped before %1 answered.</source>
        <translation>Angehalten, bevor %1 geantwortet hat.</translation>
    </message>
    <message>
        <source>Stopped before the latent tokens were decoded.</source>
        <translation>Angehalten, bevor die latenten Tokens dekodiert wurden.</translation>
    </message>
    <message>
        <source>The latent tokens could not be decoded: %1</source>
        <translation>Die latenten Tokens konnten nicht dekodiert werden: %1</translation>
    </message>
    <message>
        <source>%1 ms: %2 ms implicit tokens, %3 ms prefill, %4 ms decode</source>
        <translation>%1 ms: %2 ms implizite Tokens, %3 ms Prefill, %4 ms Dekodierung</translation>
    </message>
    <message>
        <source>%1 ms: %2 ms latent tokens, %3 ms prefill, %4 ms decode</source>
        <translation>%1 ms: %2 ms latente Tokens, %3 ms Prefill, %4 ms Dekodierung</translation>
    </message>
    <message>
        <source>%1 ms: %3 ms prefill, %4 ms decode</source>
        <translation>%1 ms: %3 ms Prefill, %4 ms Dekodierung</translation>
    </message>
    <message>
        <source>Answer: &lt;b&gt;%1&lt;/b&gt;  %2</source>
        <translation>Antwort: &lt;b&gt;%1&lt;/b&gt;  %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1x&lt;/b&gt; slower than the explicit CoT</source>
        <translation>&lt;b&gt;%1x&lt;/b&gt; langsamer als die explizite CoT</translation>
    </message>
    <message>
        <source>Beside it:</source>
        <translation>Daneben:</translation>
    </message>
    <message>
        <source>The method that answers beside the explicit CoT</source>
        <translation>Die Methode, die neben der expliziten CoT antwortet</translation>
    </message>
    <message>
        <source>Answer with the explicit CoT and with %1 (Ctrl+Return)</source>
        <translation>Mit expliziter CoT und mit %1 antworten (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>%1: the answer (no latent tokens)</source>
        <translation>%1: die Antwort (keine latenten Tokens)</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n latent token(s), nearest sentences</source>
        <translation>
            <numerusform>%1: %n latentes Token, nächste Sätze</numerusform>
            <numerusform>%1: %n latente Tokens, nächste Sätze</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: latent tokens, nearest sentences</source>
        <translation>%1: latente Tokens, nächste Sätze</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>Interventionen</translation>
    </message>
    <message>
        <source>Answer this question with the latent tokens zeroed, replaced by another question&apos;s, or removed one at a time, and with them masked (control): the Diagnostics view shows the answers</source>
        <translation>Diese Frage mit genullten latenten Tokens beantworten, ersetzt durch die einer anderen Frage oder einzeln entfernt, und mit maskierten Tokens (Kontrolle): die Diagnose-Ansicht zeigt die Antworten</translation>
    </message>
    <message>
        <source>&lt;b&gt;Decoded from the implicit tokens alone&lt;/b&gt; (a probe; generating...)</source>
        <translation>&lt;b&gt;Allein aus den impliziten Tokens dekodiert&lt;/b&gt; (eine Sonde; wird erzeugt...)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Decoded from the latent tokens alone&lt;/b&gt; (a probe; generating...)</source>
        <translation>&lt;b&gt;Allein aus den latenten Tokens dekodiert&lt;/b&gt; (eine Sonde; wird erzeugt...)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Decoded from the implicit tokens alone&lt;/b&gt; (a probe)</source>
        <translation>&lt;b&gt;Allein aus den impliziten Tokens dekodiert&lt;/b&gt; (eine Sonde)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Decoded from the latent tokens alone&lt;/b&gt; (a probe)</source>
        <translation>&lt;b&gt;Allein aus den latenten Tokens dekodiert&lt;/b&gt; (eine Sonde)</translation>
    </message>
    <message>
        <source>ROUGE-L %1, %2 of %3 steps in place</source>
        <translation>ROUGE-L %1, %2 von %3 Schritten an ihrer Stelle</translation>
    </message>
    <message>
        <source>Test split: decoder ROUGE-L %1 vs another question&apos;s tokens %2, no tokens %3</source>
        <translation>Testdaten: Decoder ROUGE-L %1, mit den Tokens einer anderen Frage %2, ohne Tokens %3</translation>
    </message>
    <message>
        <source>No trained decoder: &lt;code&gt;semcot train-decoder --run RUN&lt;/code&gt; reads the latent tokens back as text.</source>
        <translation>Kein trainierter Decoder: &lt;code&gt;semcot train-decoder --run RUN&lt;/code&gt; liest die latenten Tokens als Text zurück.</translation>
    </message>
    <message>
        <source>The decoder failed: %1</source>
        <translation>Der Decoder ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>semcot::ui::DiagnosticsView</name>
    <message>
        <source>Raw logit lens of one question, %1.</source>
        <translation>Rohe Logit-Lens einer Frage, %1.</translation>
    </message>
    <message>
        <source>Interventions on one question (&quot;another question&apos;s&quot; tokens are those of: %1).</source>
        <translation>Interventionen an einer Frage (die Tokens „einer anderen Frage“ stammen von: %1).</translation>
    </message>
    <message numerus="yes">
        <source>%1 on the first %n question(s) of the %2 split.</source>
        <translation>
            <numerusform>%1 auf der ersten Frage des Splits %2.</numerusform>
            <numerusform>%1 auf den ersten %n Fragen des Splits %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>L2 norm (mean ± sd)</source>
        <translation>L2-Norm (Mittelwert ± SD)</translation>
    </message>
    <message>
        <source>Norm 5th – 95th</source>
        <translation>Norm 5. – 95. Perzentil</translation>
    </message>
    <message>
        <source>Norm / embedding norm</source>
        <translation>Norm / Embedding-Norm</translation>
    </message>
    <message>
        <source>Cosine across questions</source>
        <translation>Kosinus über Fragen hinweg</translation>
    </message>
    <message>
        <source>Effective rank</source>
        <translation>Effektiver Rang</translation>
    </message>
    <message>
        <source>No statistics yet: press Diagnose.</source>
        <translation>Noch keine Statistik: Diagnostizieren drücken.</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n question(s), k = %2. A cosine across questions near 1 means every question gets nearly the same token; an effective rank near 1 means the tokens lie on one line (exp of the entropy of the normalised singular values).</source>
        <translation>
            <numerusform>%1, %n Frage, k = %2. Ein Kosinus über Fragen nahe 1 heißt, dass jede Frage fast dasselbe Token bekommt; ein effektiver Rang nahe 1 heißt, dass die Tokens auf einer Geraden liegen (exp der Entropie der normierten Singulärwerte).</numerusform>
            <numerusform>%1, %n Fragen, k = %2. Ein Kosinus über Fragen nahe 1 heißt, dass jede Frage fast dasselbe Token bekommt; ein effektiver Rang nahe 1 heißt, dass die Tokens auf einer Geraden liegen (exp der Entropie der normierten Singulärwerte).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n (the questions)</source>
        <translation>
            <numerusform>Höchstens %n (die Fragen)</numerusform>
            <numerusform>Höchstens %n (die Fragen)</numerusform>
        </translation>
    </message>
    <message>
        <source>all positions</source>
        <translation>alle Positionen</translation>
    </message>
    <message>
        <source>teacher embedding rows</source>
        <translation>Embedding-Zeilen des Lehrers</translation>
    </message>
    <message>
        <source>The teacher&apos;s own input embeddings: the scale a token of its vocabulary has</source>
        <translation>Die eigenen Eingabe-Embeddings des Lehrers: die Größenordnung eines Tokens seines Vokabulars</translation>
    </message>
    <message>
        <source>Mean cosine of random pairs of embedding rows</source>
        <translation>Mittlerer Kosinus zufälliger Paare von Embedding-Zeilen</translation>
    </message>
    <message>
        <source>Cosine between positions, mean over the questions:</source>
        <translation>Kosinus zwischen Positionen, gemittelt über die Fragen:</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Intervention</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Answer, tokens masked (control)</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Richtig</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>Genauigkeit (%)</translation>
    </message>
    <message>
        <source>Change (points)</source>
        <translation>Änderung (Punkte)</translation>
    </message>
    <message>
        <source>Answers changed</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>Control: accuracy (%)</source>
        <translation>Kontrolle: Genauigkeit (%)</translation>
    </message>
    <message>
        <source>Control: answers changed</source>
        <translation>Kontrolle: geänderte Antworten</translation>
    </message>
    <message>
        <source>No interventions yet: press Diagnose, or Interventions in the Ask view for one question.</source>
        <translation>Noch keine Interventionen: Diagnostizieren drücken, oder Interventionen in der Fragen-Ansicht für eine Frage.</translation>
    </message>
    <message>
        <source>The question: %1</source>
        <translation>Die Frage: %1</translation>
    </message>
    <message>
        <source>The causal test: if the tokens carry the reasoning, zeroing or swapping them changes answers. In the control the teacher cannot attend to the tokens, so no answer may change there.</source>
        <translation>Der kausale Test: Tragen die Tokens das Schließen, ändert Nullen oder Vertauschen die Antworten. In der Kontrolle kann der Lehrer die Tokens nicht sehen, dort darf sich also keine Antwort ändern.</translation>
    </message>
    <message>
        <source>(no answer found)</source>
        <translation>(keine Antwort gefunden)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>embeddings</source>
        <translation>Embeddings</translation>
    </message>
    <message>
        <source>layer %1 (final norm)</source>
        <translation>Schicht %1 (finale Norm)</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message numerus="yes">
        <source>Raw logit lens, %1, t%2: top %n token(s) and probabilities</source>
        <translation>
            <numerusform>Rohe Logit-Lens, %1, t%2: das wahrscheinlichste Token und seine Wahrscheinlichkeit</numerusform>
            <numerusform>Rohe Logit-Lens, %1, t%2: die %n wahrscheinlichsten Tokens und ihre Wahrscheinlichkeiten</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: nothing is shown for an unfinished job.</source>
        <translation>Gestoppt: für einen unvollendeten Auftrag wird nichts gezeigt.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Copied the equivalent command to the clipboard.</source>
        <translation>Der entsprechende Befehl wurde in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Open a run first.</source>
        <translation>Zuerst einen Lauf öffnen.</translation>
    </message>
    <message>
        <source>Type or pick a question for the logit lens.</source>
        <translation>Eine Frage für die Logit-Lens eingeben oder wählen.</translation>
    </message>
    <message>
        <source>A diagnosis is running: stop it first.</source>
        <translation>Eine Diagnose läuft: zuerst stoppen.</translation>
    </message>
    <message>
        <source>%1 has no latent tokens to intervene on (or is not trained on this run).</source>
        <translation>%1 hat keine latenten Tokens für Interventionen (oder ist nicht auf diesem Lauf trainiert).</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>Lauf:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Split:</translation>
    </message>
    <message>
        <source>Questions:</source>
        <translation>Fragen:</translation>
    </message>
    <message>
        <source>The first N questions of the split</source>
        <translation>Die ersten N Fragen des Splits</translation>
    </message>
    <message>
        <source>Masked control</source>
        <translation>Maskierte Kontrolle</translation>
    </message>
    <message>
        <source>Also run every intervention with the tokens masked from the teacher&apos;s attention: a control in which no answer may change</source>
        <translation>Jede Intervention auch mit vor der Aufmerksamkeit des Lehrers maskierten Tokens ausführen: eine Kontrolle, in der sich keine Antwort ändern darf</translation>
    </message>
    <message>
        <source>Diagnose</source>
        <translation>Diagnostizieren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Copy as command</source>
        <translation>Als Befehl kopieren</translation>
    </message>
    <message>
        <source>Copies the equivalent `semcot diagnose` command</source>
        <translation>Kopiert den entsprechenden Befehl `semcot diagnose`</translation>
    </message>
    <message>
        <source>Token statistics</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>Interventionen</translation>
    </message>
    <message>
        <source>Raw logit lens</source>
        <translation>Rohe Logit-Lens</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>Frage:</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>Show the lens</source>
        <translation>Lens zeigen</translation>
    </message>
    <message>
        <source>Raw logit lens (nostalgebraist 2020): the teacher&apos;s hidden state at each latent position after every layer, through its final norm and LM head, with no learnt translator (not the tuned lens). Early layers rarely decode to meaningful tokens. Hover a cell for the top-k.</source>
        <translation>Rohe Logit-Lens</translation>
    </message>
    <message>
        <source>Choose a method and press Diagnose.</source>
        <translation>Eine Methode wählen und Diagnostizieren drücken.</translation>
    </message>
</context>
<context>
    <name>semcot::ui::DiagnosticsWorker</name>
    <message>
        <source>Loading the run</source>
        <translation>Lauf wird geladen</translation>
    </message>
    <message>
        <source>Raw logit lens</source>
        <translation>Rohe Logit-Lens</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>Interventionen</translation>
    </message>
    <message>
        <source>Token statistics</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Control: tokens masked from attention</source>
        <translation>Kontrolle: Tokens vor der Aufmerksamkeit maskiert</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopp</translation>
    </message>
</context>
<context>
    <name>semcot::ui::EvaluationView</name>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>Die Auswertung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Choose at least one method.</source>
        <translation>Wählen Sie mindestens eine Methode.</translation>
    </message>
    <message>
        <source>Evaluating...</source>
        <translation>Auswertung läuft...</translation>
    </message>
    <message>
        <source>Stopped early: the tables summarise the samples done.</source>
        <translation>Vorzeitig angehalten: Die Tabellen fassen die erledigten Stichproben zusammen.</translation>
    </message>
    <message>
        <source>accuracy %</source>
        <translation>Genauigkeit %</translation>
    </message>
    <message>
        <source>95% CI low</source>
        <translation>95-%-KI untere Grenze</translation>
    </message>
    <message>
        <source>mean ms</source>
        <translation>Mittel ms</translation>
    </message>
    <message>
        <source>median ms</source>
        <translation>Median ms</translation>
    </message>
    <message>
        <source>Accuracy (%) with the lower end of its 95% interval</source>
        <translation>Genauigkeit (%) mit der unteren Grenze ihres 95-%-Intervalls</translation>
    </message>
    <message>
        <source>Latency per question (ms)</source>
        <translation>Latenz pro Frage (ms)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Save the evaluation</source>
        <translation>Auswertung speichern</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>No run open.</source>
        <translation>Kein Lauf geöffnet.</translation>
    </message>
    <message>
        <source>Evaluating &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Auswertung von &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Aufteilung:</translation>
    </message>
    <message>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Questions (0 = all):</source>
        <translation>Fragen (0 = alle):</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Save JSON...</source>
        <translation>JSON speichern...</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Richtig</translation>
    </message>
    <message>
        <source>Accuracy [95% CI]</source>
        <translation>Genauigkeit [95-%-KI]</translation>
    </message>
    <message>
        <source>Mean ms</source>
        <translation>Mittel ms</translation>
    </message>
    <message>
        <source>Median ms</source>
        <translation>Median ms</translation>
    </message>
    <message>
        <source>Implicit ms</source>
        <translation>Implizit ms</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Speed-up vs CoT</source>
        <translation>Beschleunigung ggü. CoT</translation>
    </message>
    <message>
        <source>Samples:</source>
        <translation>Stichproben:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>correct only</source>
        <translation>nur richtige</translation>
    </message>
    <message>
        <source>incorrect only</source>
        <translation>nur falsche</translation>
    </message>
    <message>
        <source>every method</source>
        <translation>jede Methode</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antwort</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Choose the methods and press Evaluate.</source>
        <translation>Wählen Sie die Methoden und klicken Sie auf „Auswerten“.</translation>
    </message>
    <message>
        <source>Accuracy (%): run an evaluation</source>
        <translation>Genauigkeit (%): Führen Sie eine Auswertung durch</translation>
    </message>
    <message>
        <source>Latency per question (ms): run an evaluation</source>
        <translation>Latenz pro Frage (ms): Führen Sie eine Auswertung durch</translation>
    </message>
    <message>
        <source>Double-click a sample to answer it in the Ask view.</source>
        <translation>Doppelklicken Sie auf eine Stichprobe, um sie in der Ansicht „Fragen“ zu beantworten.</translation>
    </message>
    <message>
        <source>Its training on this run was interrupted: resume it with New training run (%1, &quot;Continue the interrupted training&quot;).</source>
        <translation>Sein Training auf diesem Lauf wurde unterbrochen: Setzen Sie es mit „Neuer Trainingslauf“ fort (%1, „Unterbrochenes Training fortsetzen“).</translation>
    </message>
    <message>
        <source>Not trained on this run. Train it with New training run (method %1) or on the command line:
%2</source>
        <translation>Auf diesem Lauf nicht trainiert. Trainieren Sie es mit „Neuer Trainingslauf“ (Methode %1) oder auf der Kommandozeile:
%2</translation>
    </message>
    <message>
        <source>RUN</source>
        <translation>LAUF</translation>
    </message>
    <message>
        <source>Methods:</source>
        <translation>Methoden:</translation>
    </message>
    <message>
        <source>Copy as command</source>
        <translation>Als Befehl kopieren</translation>
    </message>
    <message>
        <source>Copies the semcot eval command that evaluates as Evaluate does; the evaluation&apos;s provenance records it.</source>
        <translation>Kopiert den Befehl semcot eval, der so auswertet wie „Auswerten“; die Herkunftsangaben der Auswertung verzeichnen ihn.</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Stichproben</translation>
    </message>
    <message>
        <source>Where it fails</source>
        <translation>Wo es scheitert</translation>
    </message>
</context>
<context>
    <name>semcot::ui::EvaluationWorker</name>
    <message>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
</context>
<context>
    <name>semcot::ui::FailureBrowser</name>
    <message>
        <source>gold %1, answered %2</source>
        <translation>Referenz %1, geantwortet %2</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>gold answer</source>
        <translation>Referenzantwort</translation>
    </message>
    <message>
        <source>question length</source>
        <translation>Fragenlänge</translation>
    </message>
    <message>
        <source>feature: %1</source>
        <translation>Merkmal: %1</translation>
    </message>
    <message>
        <source>gold %1</source>
        <translation>Referenz %1</translation>
    </message>
    <message>
        <source>answered %1</source>
        <translation>geantwortet %1</translation>
    </message>
    <message>
        <source>Answer (%1)</source>
        <translation>Antwort (%1)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Click a slice or a cell of the confusion table to list its questions.</source>
        <translation>Klicken Sie auf einen Ausschnitt oder eine Zelle der Verwechslungstabelle, um ihre Fragen aufzulisten.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n question(s); double-click one to answer it in the Ask view.</source>
        <translation>
            <numerusform>%1: %n Frage; doppelklicken Sie darauf, um sie in „Fragen“ zu beantworten.</numerusform>
            <numerusform>%1: %n Fragen; doppelklicken Sie auf eine, um sie in „Fragen“ zu beantworten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Where it fails:</source>
        <translation>Wo es scheitert:</translation>
    </message>
    <message>
        <source>by</source>
        <translation>nach</translation>
    </message>
    <message>
        <source>beside:</source>
        <translation>daneben:</translation>
    </message>
    <message>
        <source>A second method whose answers to the same questions are listed</source>
        <translation>Eine zweite Methode, deren Antworten auf dieselben Fragen aufgelistet werden</translation>
    </message>
    <message>
        <source>Accuracy by slice (95% Wilson interval)</source>
        <translation>Genauigkeit nach Ausschnitt (95-%-Wilson-Intervall)</translation>
    </message>
    <message>
        <source>Gold (rows) against the extracted answer (columns)</source>
        <translation>Referenz (Zeilen) gegen die extrahierte Antwort (Spalten)</translation>
    </message>
    <message>
        <source>Open in Ask</source>
        <translation>In „Fragen“ öffnen</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>Ausschnitt</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Richtig</translation>
    </message>
    <message>
        <source>Accuracy [95% CI]</source>
        <translation>Genauigkeit [95-%-KI]</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Referenz</translation>
    </message>
</context>
<context>
    <name>semcot::ui::ImplicitTokenChip</name>
    <message>
        <source>Nearest sentences (cosine)</source>
        <translation>Nächste Sätze (Kosinus)</translation>
    </message>
    <message>
        <source>Random sentence pairs score %1 on average.</source>
        <translation>Zufällige Satzpaare erreichen im Mittel %1.</translation>
    </message>
    <message>
        <source>Logit lens (raw)</source>
        <translation>Logit-Linse (roh)</translation>
    </message>
    <message>
        <source>cos %1</source>
        <translation>cos %1</translation>
    </message>
    <message>
        <source>no neighbours</source>
        <translation>keine Nachbarn</translation>
    </message>
</context>
<context>
    <name>semcot::ui::InferenceWorker</name>
    <message>
        <source>No run is open.</source>
        <translation>Es ist kein Lauf geöffnet.</translation>
    </message>
    <message>
        <source>Explicit chain of thought</source>
        <translation>Explizite Gedankenkette</translation>
    </message>
    <message>
        <source>Building the sentence bank</source>
        <translation>Satzbank wird aufgebaut</translation>
    </message>
    <message>
        <source>Decoding the implicit tokens</source>
        <translation>Implizite Tokens werden dekodiert</translation>
    </message>
    <message numerus="yes">
        <source>%n bank sentence(s)</source>
        <translation>
            <numerusform>%n Satz in der Bank</numerusform>
            <numerusform>%n Sätze in der Bank</numerusform>
        </translation>
    </message>
    <message>
        <source>Projecting to 2-D</source>
        <translation>Projektion in 2-D</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <source>This run has no sentence transformer, so latent tokens cannot be decoded.</source>
        <translation>Dieser Lauf hat keinen Satz-Transformer, daher können latente Tokens nicht dekodiert werden.</translation>
    </message>
    <message>
        <source>Decoding the latent tokens</source>
        <translation>Latente Tokens werden dekodiert</translation>
    </message>
    <message>
        <source>Loading the decoder</source>
        <translation>Decoder wird geladen</translation>
    </message>
    <message>
        <source>Decoding the reasoning from the latent tokens</source>
        <translation>Die Begründung wird aus den latenten Tokens dekodiert</translation>
    </message>
</context>
<context>
    <name>semcot::ui::LatencyChart</name>
    <message>
        <source>This question (ms)</source>
        <translation>Diese Frage (ms)</translation>
    </message>
    <message>
        <source>Session history: total ms per question</source>
        <translation>Sitzungsverlauf: Gesamt-ms pro Frage</translation>
    </message>
    <message>
        <source>Implicit tokens</source>
        <translation>Implizite Tokens</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>Prefill</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>Dekodierung</translation>
    </message>
    <message>
        <source>question</source>
        <translation>Frage</translation>
    </message>
    <message>
        <source>Latent tokens</source>
        <translation>Latente Tokens</translation>
    </message>
</context>
<context>
    <name>semcot::ui::LossChart</name>
    <message>
        <source>optimizer step</source>
        <translation>Optimierungsschritt</translation>
    </message>
</context>
<context>
    <name>semcot::ui::MainWindow</name>
    <message>
        <source>Loading %1...</source>
        <translation>%1 wird geladen...</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Training finished; the new run is open.</source>
        <translation>Training abgeschlossen; der neue Lauf ist geöffnet.</translation>
    </message>
    <message>
        <source>Open a SemCoT run</source>
        <translation>SemCoT-Lauf öffnen</translation>
    </message>
    <message>
        <source>No run open. Open one with Ctrl+O or drop its folder here.</source>
        <translation>Kein Lauf geöffnet. Öffnen Sie einen mit Strg+O oder ziehen Sie seinen Ordner hierher.</translation>
    </message>
    <message>
        <source>Run: %1   Device: %2</source>
        <translation>Lauf: %1   Gerät: %2</translation>
    </message>
    <message>
        <source>%1 - SemCoT Studio</source>
        <translation>%1 - SemCoT Studio</translation>
    </message>
    <message>
        <source>SemCoT Studio</source>
        <translation>SemCoT Studio</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>Fragen</translation>
    </message>
    <message>
        <source>Alignment</source>
        <translation>Ausrichtung</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Open run...</source>
        <translation>Lauf ö&amp;ffnen...</translation>
    </message>
    <message>
        <source>Open the &amp;shipped tiny run</source>
        <translation>&amp;Mitgelieferten kleinen Lauf öffnen</translation>
    </message>
    <message>
        <source>&amp;New training run...</source>
        <translation>&amp;Neuer Trainingslauf...</translation>
    </message>
    <message>
        <source>&amp;Export report...</source>
        <translation>Bericht &amp;exportieren...</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Run the current view&apos;s job (Ctrl+Return)</source>
        <translation>Aufgabe der aktuellen Ansicht ausführen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>A&amp;nhalten</translation>
    </message>
    <message>
        <source>Stop the current view&apos;s job (Esc)</source>
        <translation>Aufgabe der aktuellen Ansicht anhalten (Esc)</translation>
    </message>
    <message>
        <source>&amp;Ask</source>
        <translation>&amp;Fragen</translation>
    </message>
    <message>
        <source>A&amp;lignment</source>
        <translation>Aus&amp;richtung</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>R&amp;uns</source>
        <translation>&amp;Läufe</translation>
    </message>
    <message>
        <source>&amp;Evaluation</source>
        <translation>Aus&amp;wertung</translation>
    </message>
    <message>
        <source>Open the &amp;log file</source>
        <translation>&amp;Protokolldatei öffnen</translation>
    </message>
    <message>
        <source>&amp;About SemCoT Studio</source>
        <translation>Ü&amp;ber SemCoT Studio</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>Training läuft</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it at a safe point (it stays resumable) and quit?</source>
        <translation>Ein Trainingslauf ist im Gange. An einem sicheren Punkt anhalten (er bleibt fortsetzbar) und beenden?</translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>Training fortsetzen</translation>
    </message>
    <message>
        <source>A training run is in progress: stop it first.</source>
        <translation>Ein Trainingslauf ist im Gange: Halten Sie ihn zuerst an.</translation>
    </message>
    <message>
        <source>%1 finished training on %2; the Ask and Evaluation views offer it.</source>
        <translation>%1 ist auf %2 fertig trainiert; die Ansichten „Fragen“ und „Auswertung“ bieten es an.</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>&amp;Diagnostics</source>
        <translation>&amp;Diagnose</translation>
    </message>
</context>
<context>
    <name>semcot::ui::MethodChoice</name>
    <message>
        <source>The run&apos;s contemplation generator writes implicit tokens that the teacher reads before it answers</source>
        <translation>Der Kontemplationsgenerator des Laufs schreibt implizite Tokens, die der Lehrer liest, bevor er antwortet</translation>
    </message>
    <message>
        <source>The teacher answers at once, without reasoning</source>
        <translation>Der Lehrer antwortet sofort, ohne Begründung</translation>
    </message>
    <message>
        <source>%1 (not trained)</source>
        <translation>%1 (nicht trainiert)</translation>
    </message>
    <message>
        <source>Its training on this run was interrupted: resume it with New training run (%1, &quot;Continue the interrupted training&quot;).</source>
        <translation>Sein Training auf diesem Lauf wurde unterbrochen: Setzen Sie es mit „Neuer Trainingslauf“ fort (%1, „Unterbrochenes Training fortsetzen“).</translation>
    </message>
    <message>
        <source>Not trained on this run. Train it with New training run (method %1) or on the command line:
%2</source>
        <translation>Auf diesem Lauf nicht trainiert. Trainieren Sie es mit „Neuer Trainingslauf“ (Methode %1) oder auf der Kommandozeile:
%2</translation>
    </message>
    <message>
        <source>RUN</source>
        <translation>LAUF</translation>
    </message>
</context>
<context>
    <name>semcot::ui::Methods</name>
    <message>
        <source>Explicit CoT</source>
        <translation>Explizite CoT</translation>
    </message>
    <message>
        <source>No-CoT</source>
        <translation>Ohne CoT</translation>
    </message>
    <message>
        <source>SemCoT</source>
        <translation>SemCoT</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>SoftCoT</source>
        <translation>SoftCoT</translation>
    </message>
    <message>
        <source>Coconut</source>
        <translation>Coconut</translation>
    </message>
    <message>
        <source>CODI</source>
        <translation>CODI</translation>
    </message>
    <message>
        <source>ICoT-SI</source>
        <translation>ICoT-SI</translation>
    </message>
    <message>
        <source>No-CoT has no latent tokens: the teacher reads the question and writes the answer at once.</source>
        <translation>Ohne CoT gibt es keine latenten Tokens: Der Lehrer liest die Frage und schreibt sofort die Antwort.</translation>
    </message>
    <message>
        <source>ICoT-SI has no latent tokens: its reasoning was internalised into the fine-tuned teacher&apos;s weights, so nothing stands between the question and the answer to decode.</source>
        <translation>ICoT-SI hat keine latenten Tokens: Seine Begründung wurde in die Gewichte des feinabgestimmten Lehrers verinnerlicht, daher steht zwischen Frage und Antwort nichts, was sich dekodieren ließe.</translation>
    </message>
    <message>
        <source>Explicit CoT writes its reasoning as text: it has no latent tokens.</source>
        <translation>Die explizite CoT schreibt ihre Begründung als Text: Sie hat keine latenten Tokens.</translation>
    </message>
    <message>
        <source>%1 holds a SemCoT run, not SoftCoT</source>
        <translation>%1 enthält einen SemCoT-Lauf, nicht SoftCoT</translation>
    </message>
    <message>
        <source>%1: unreadable (%2)</source>
        <translation>%1: nicht lesbar (%2)</translation>
    </message>
    <message>
        <source>%1: interrupted; New training run &gt; %1 with &quot;Continue the interrupted training&quot; resumes it</source>
        <translation>%1: unterbrochen; „Neuer Trainingslauf“ &gt; %1 mit „Unterbrochenes Training fortsetzen“ setzt es fort</translation>
    </message>
    <message>
        <source>%1: not trained</source>
        <translation>%1: nicht trainiert</translation>
    </message>
    <message>
        <source>trained in %1 s</source>
        <translation>in %1 s trainiert</translation>
    </message>
    <message>
        <source>best validation loss %1</source>
        <translation>bester Validierungsverlust %1</translation>
    </message>
    <message>
        <source>%1: being trained right now (%2)</source>
        <translation>%1: wird gerade trainiert (%2)</translation>
    </message>
</context>
<context>
    <name>semcot::ui::PairedTable</name>
    <message>
        <source>%1 vs %2</source>
        <translation>%1 gegen %2</translation>
    </message>
    <message>
        <source>Exact binomial McNemar test on the %1 questions only one method got right (fewer than 25).</source>
        <translation>Exakter binomialer McNemar-Test auf den %1 Fragen, die nur eine Methode richtig beantwortet hat (weniger als 25).</translation>
    </message>
    <message>
        <source>McNemar chi-square test with continuity correction on the %1 questions only one method got right.</source>
        <translation>McNemar-Chi-Quadrat-Test mit Stetigkeitskorrektur auf den %1 Fragen, die nur eine Methode richtig beantwortet hat.</translation>
    </message>
    <message>
        <source>Accuracy of %1 minus %2, in percentage points, with the 95% paired bootstrap interval.</source>
        <translation>Genauigkeit von %1 minus %2, in Prozentpunkten, mit dem gepaarten 95-%-Bootstrap-Intervall.</translation>
    </message>
    <message>
        <source>Paired on the same questions: A vs B</source>
        <translation>Gepaart auf denselben Fragen: A gegen B</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Accuracy A</source>
        <translation>Genauigkeit A</translation>
    </message>
    <message>
        <source>Accuracy B</source>
        <translation>Genauigkeit B</translation>
    </message>
    <message>
        <source>A only</source>
        <translation>nur A</translation>
    </message>
    <message>
        <source>B only</source>
        <translation>nur B</translation>
    </message>
    <message>
        <source>McNemar p</source>
        <translation>McNemar-p</translation>
    </message>
    <message>
        <source>A - B [95% CI]</source>
        <translation>A - B [95-%-KI]</translation>
    </message>
    <message>
        <source>A ms ± sd</source>
        <translation>A ms ± sd</translation>
    </message>
    <message>
        <source>B ms ± sd</source>
        <translation>B ms ± sd</translation>
    </message>
    <message>
        <source>Questions A answered right and B wrong</source>
        <translation>Fragen, die A richtig und B falsch beantwortet hat</translation>
    </message>
    <message>
        <source>Latency of A per question: mean ± sd, ms</source>
        <translation>Latenz von A pro Frage: Mittel ± sd, ms</translation>
    </message>
    <message>
        <source>Latency of B per question: mean ± sd, ms</source>
        <translation>Latenz von B pro Frage: Mittel ± sd, ms</translation>
    </message>
    <message>
        <source>Questions B answered right and A wrong</source>
        <translation>Fragen, die B richtig und A falsch beantwortet hat</translation>
    </message>
</context>
<context>
    <name>semcot::ui::ProjectionScatter</name>
    <message>
        <source>bank sentences</source>
        <translation>Sätze der Bank</translation>
    </message>
    <message>
        <source>other questions&apos; tokens</source>
        <translation>Tokens anderer Fragen</translation>
    </message>
    <message>
        <source>this question&apos;s implicit tokens</source>
        <translation>implizite Tokens dieser Frage</translation>
    </message>
    <message>
        <source>this question, pooled</source>
        <translation>diese Frage, zusammengefasst</translation>
    </message>
    <message>
        <source>2-D projection (PCA): ask a question first</source>
        <translation>2-D-Projektion (PCA): Stellen Sie zuerst eine Frage</translation>
    </message>
    <message>
        <source>2-D projection (PCA) of ST embeddings; hover for the text</source>
        <translation>2-D-Projektion (PCA) der ST-Einbettungen; für den Text mit der Maus darüberfahren</translation>
    </message>
    <message>
        <source>PC1 (%1% of variance)</source>
        <translation>HK1 (%1 % der Varianz)</translation>
    </message>
    <message>
        <source>PC2 (%1%)</source>
        <translation>HK2 (%1 %)</translation>
    </message>
</context>
<context>
    <name>semcot::ui::ReportExportDialog</name>
    <message>
        <source>Add at least one run folder.</source>
        <translation>Fügen Sie mindestens einen Laufordner hinzu.</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>Wählen Sie einen Ausgabeordner.</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>Bericht nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Export stopped.</source>
        <translation>Export angehalten.</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>Wird angehalten...</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>Runs, side by side in one report:</source>
        <translation>Läufe, nebeneinander in einem Bericht:</translation>
    </message>
    <message>
        <source>Add run...</source>
        <translation>Lauf hinzufügen...</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Questions to evaluate:</source>
        <translation>Auszuwertende Fragen:</translation>
    </message>
    <message>
        <source>Example questions:</source>
        <translation>Beispielfragen:</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Ausgabeordner:</translation>
    </message>
    <message>
        <source>Questions of the test split evaluated with each method</source>
        <translation>Fragen aus der Testaufteilung, die mit jeder Methode ausgewertet werden</translation>
    </message>
    <message>
        <source>Explain the examples (implicit tokens, nearest sentences, heatmaps)</source>
        <translation>Beispiele erklären (implizite Tokens, nächste Sätze, Heatmaps)</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>Bericht öffnen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Evaluating %1</source>
        <translation>%1 wird ausgewertet</translation>
    </message>
    <message>
        <source>Explaining the examples of %1</source>
        <translation>Beispiele von %1 werden erklärt</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>%1 wird gelesen</translation>
    </message>
    <message>
        <source>Writing %1</source>
        <translation>%1 wird geschrieben</translation>
    </message>
    <message>
        <source>Drawing the charts</source>
        <translation>Diagramme werden gezeichnet</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Latent-token diagnostics:</source>
        <translation>Diagnose latenter Tokens:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source> questions</source>
        <translation> Fragen</translation>
    </message>
    <message>
        <source>Token statistics, interventions beside the masked control and the logit lens of every method over this many questions (as semcot report --diagnostics N); slower</source>
        <translation>Token-Statistik, Interventionen neben der maskierten Kontrolle und die Logit-Lens jeder Methode über so viele Fragen (wie semcot report --diagnostics N); langsamer</translation>
    </message>
</context>
<context>
    <name>semcot::ui::RunCurvesPanel</name>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation>Optimierungsschritt</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Stage %1</source>
        <translation>Stufe %1</translation>
    </message>
    <message>
        <source>Select runs in the table to overlay their training curves.</source>
        <translation>Läufe in der Tabelle auswählen, um ihre Trainingskurven zu überlagern.</translation>
    </message>
    <message>
        <source>No training log (%1) in: %2. Runs trained before the log was written have only their summaries.</source>
        <translation>Kein Trainingsprotokoll (%1) in: %2. Läufe, die vor diesem Protokoll trainiert wurden, haben nur ihre Zusammenfassungen.</translation>
    </message>
    <message>
        <source>Unreadable logs: %1</source>
        <translation>Unlesbare Protokolle: %1</translation>
    </message>
    <message>
        <source>Curves of the selected runs, stage:</source>
        <translation>Kurven der ausgewählten Läufe, Stufe:</translation>
    </message>
    <message>
        <source>by step</source>
        <translation>nach Schritt</translation>
    </message>
    <message>
        <source>by epoch</source>
        <translation>nach Epoche</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Logarithmische Skala</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>Glättung:</translation>
    </message>
    <message>
        <source>TensorBoard&apos;s smoothing: the weight of a debiased exponential moving average (0 = raw). The raw curve stays faint behind.</source>
        <translation>Glättung wie in TensorBoard: das Gewicht eines bias-korrigierten exponentiellen gleitenden Mittels (0 = roh). Die Rohkurve bleibt blass dahinter.</translation>
    </message>
</context>
<context>
    <name>semcot::ui::RunsView</name>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>interrupted (resumable)</source>
        <translation>unterbrochen (fortsetzbar)</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>ungültig: %1</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>Läufe vergleichen</translation>
    </message>
    <message>
        <source>Settings that differ, and the training summaries.</source>
        <translation>Abweichende Einstellungen und die Trainingszusammenfassungen.</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>Läufe löschen</translation>
    </message>
    <message>
        <source>%1 ships with SemCoT Studio and is not deleted.</source>
        <translation>%1 wird mit SemCoT Studio ausgeliefert und nicht gelöscht.</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run folder(s) and everything in them? This cannot be undone.

%1</source>
        <translation>
            <numerusform>%n Laufordner samt Inhalt löschen? Dies kann nicht rückgängig gemacht werden.

%1</numerusform>
            <numerusform>%n Laufordner samt Inhalt löschen? Dies kann nicht rückgängig gemacht werden.

%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not delete all of %1.</source>
        <translation>%1 konnte nicht vollständig gelöscht werden.</translation>
    </message>
    <message>
        <source>Run folder:</source>
        <translation>Laufordner:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>Best val. loss (CG)</source>
        <translation>Bester Val.-Verlust (CG)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>Training fortsetzen</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Delete...</source>
        <translation>Löschen...</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>no reason recorded</source>
        <translation>kein Grund vermerkt</translation>
    </message>
    <message>
        <source>unknown status &quot;%1&quot;</source>
        <translation>unbekannter Status „%1“</translation>
    </message>
    <message>
        <source>Runs in the run folder, runs started or opened elsewhere, and the shipped runs; double-click opens one.</source>
        <translation>Läufe im Laufordner, anderswo gestartete oder geöffnete Läufe und die mitgelieferten Läufe; Doppelklick öffnet einen.</translation>
    </message>
    <message>
        <source>Where new runs go and where this list looks (saved)</source>
        <translation>Wohin neue Läufe kommen und wo diese Liste sucht (wird gespeichert)</translation>
    </message>
    <message>
        <source>%1 (interrupted)</source>
        <translation>%1 (unterbrochen)</translation>
    </message>
    <message>
        <source>No baseline trained on this run (New training run &gt; Method)</source>
        <translation>Auf diesem Lauf ist keine Baseline trainiert („Neuer Trainingslauf“ &gt; Methode)</translation>
    </message>
    <message>
        <source>Baselines</source>
        <translation>Baselines</translation>
    </message>
    <message numerus="yes">
        <source>%n runs that differ only by seed:</source>
        <translation>
            <numerusform>%n Lauf, der sich nur im Seed unterscheidet:</numerusform>
            <numerusform>%n Läufe, die sich nur im Seed unterscheiden:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accuracy in %, over %n run(s) (mean ± sample sd); from:
%1</source>
        <translation>
            <numerusform>Genauigkeit in %, über %n Lauf (Mittelwert ± Stichproben-SD); aus:
%1</numerusform>
            <numerusform>Genauigkeit in %, über %n Läufe (Mittelwert ± Stichproben-SD); aus:
%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mean latency per question in ms, over %n run(s)</source>
        <translation>
            <numerusform>Mittlere Latenz je Frage in ms, über %n Lauf</numerusform>
            <numerusform>Mittlere Latenz je Frage in ms, über %n Läufe</numerusform>
        </translation>
    </message>
    <message>
        <source>Unreadable evaluations:
%1</source>
        <translation>Unlesbare Auswertungen:
%1</translation>
    </message>
    <message>
        <source>The preset has the values most listed runs have</source>
        <translation>Die Voreinstellung hat die Werte, die die meisten aufgeführten Läufe haben</translation>
    </message>
    <message>
        <source>Acc. %1 (%)</source>
        <translation>Gen. %1 (%)</translation>
    </message>
    <message>
        <source>Latency %1 (ms)</source>
        <translation>Latenz %1 (ms)</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Preset differences</source>
        <translation>Abweichungen der Voreinstellung</translation>
    </message>
    <message>
        <source>Group by seed</source>
        <translation>Nach Seed gruppieren</translation>
    </message>
    <message>
        <source>training now (pid %1 on %2)</source>
        <translation>wird gerade trainiert (PID %1 auf %2)</translation>
    </message>
    <message>
        <source>training now (by another process)</source>
        <translation>wird gerade trainiert (von einem anderen Prozess)</translation>
    </message>
    <message>
        <source>Being trained right now: %1</source>
        <translation>Wird gerade trainiert: %1</translation>
    </message>
    <message>
        <source>%1 (training now)</source>
        <translation>%1 (wird gerade trainiert)</translation>
    </message>
    <message>
        <source>%1 is being trained right now (%2) and is not deleted; stop that training first.</source>
        <translation>%1 wird gerade trainiert (%2) und wird nicht gelöscht; halten Sie dieses Training zuerst an.</translation>
    </message>
    <message>
        <source>One row for finished runs whose task, preset and data-parallel world size are equal (they differ only by seed): each number is the mean ± sample standard deviation over them. Failed and unfinished runs keep their own rows.</source>
        <translation>Eine Zeile für abgeschlossene Läufe mit gleicher Aufgabe, Voreinstellung und Zahl datenparalleler Prozesse (sie unterscheiden sich nur im Seed): jede Zahl ist Mittelwert ± Stichproben-Standardabweichung über sie. Fehlgeschlagene und unfertige Läufe behalten ihre eigenen Zeilen.</translation>
    </message>
</context>
<context>
    <name>semcot::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>CPU threads (0 = default):</source>
        <translation>CPU-Threads (0 = Standard):</translation>
    </message>
    <message>
        <source>Default run folder:</source>
        <translation>Standard-Laufordner:</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Design:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Automatic (CUDA available)</source>
        <translation>Automatisch (CUDA verfügbar)</translation>
    </message>
    <message>
        <source>Automatic (CPU: no CUDA device)</source>
        <translation>Automatisch (CPU: kein CUDA-Gerät)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Applies to runs opened and jobs started from now on.</source>
        <translation>Gilt für ab jetzt geöffnete Läufe und gestartete Aufgaben.</translation>
    </message>
</context>
<context>
    <name>semcot::ui::TrainingDialog</name>
    <message>
        <source>Preset:</source>
        <translation>Voreinstellung:</translation>
    </message>
    <message>
        <source>Teacher model folder:</source>
        <translation>Ordner des Lehrermodells:</translation>
    </message>
    <message>
        <source>Student model folder:</source>
        <translation>Ordner des Schülermodells:</translation>
    </message>
    <message>
        <source>Training stages:</source>
        <translation>Trainingsphasen:</translation>
    </message>
    <message>
        <source>Alpha (reasoning weight):</source>
        <translation>Alpha (Gewicht der Begründung):</translation>
    </message>
    <message>
        <source>Implicit tokens:</source>
        <translation>Implizite Tokens:</translation>
    </message>
    <message>
        <source>ST temperature:</source>
        <translation>ST-Temperatur:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>Ausgabeordner:</translation>
    </message>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>inference</source>
        <translation>Inferenz</translation>
    </message>
    <message>
        <source>Preset file</source>
        <translation>Voreinstellungsdatei</translation>
    </message>
    <message>
        <source>Presets (*.json)</source>
        <translation>Voreinstellungen (*.json)</translation>
    </message>
    <message>
        <source>%1 is not a valid preset: %2</source>
        <translation>%1 ist keine gültige Voreinstellung: %2</translation>
    </message>
    <message>
        <source>No such folder.</source>
        <translation>Ordner nicht gefunden.</translation>
    </message>
    <message>
        <source>Not a model folder: config.json is missing.</source>
        <translation>Kein Modellordner: config.json fehlt.</translation>
    </message>
    <message>
        <source>Give both the teacher and the student folder, or neither (both are then trained from scratch).</source>
        <translation>Geben Sie den Lehrer- und den Schülerordner an oder keinen von beiden (dann werden beide von Grund auf trainiert).</translation>
    </message>
    <message>
        <source>This preset has no model shapes: choose a teacher and a student.</source>
        <translation>Diese Voreinstellung enthält keine Modellgrößen: Wählen Sie einen Lehrer und einen Schüler.</translation>
    </message>
    <message>
        <source>Choose a folder for the run.</source>
        <translation>Wählen Sie einen Ordner für den Lauf.</translation>
    </message>
    <message>
        <source>A file with this name exists.</source>
        <translation>Eine Datei mit diesem Namen existiert bereits.</translation>
    </message>
    <message>
        <source>New training run</source>
        <translation>Neuer Trainingslauf</translation>
    </message>
    <message>
        <source>ST stage 1 (projection)</source>
        <translation>ST-Phase 1 (Projektion)</translation>
    </message>
    <message>
        <source>ST stage 2 (layers)</source>
        <translation>ST-Phase 2 (Schichten)</translation>
    </message>
    <message>
        <source>CG stage 1 (warm-up)</source>
        <translation>CG-Phase 1 (Aufwärmen)</translation>
    </message>
    <message>
        <source>CG stage 2 (full)</source>
        <translation>CG-Phase 2 (vollständig)</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>Gewichtsverfall</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>Automatisch (CUDA, wenn verfügbar)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>empty: trained from scratch (tiny presets)</source>
        <translation>leer: von Grund auf trainiert (kleine Voreinstellungen)</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <source>Load preset file...</source>
        <translation>Voreinstellungsdatei laden...</translation>
    </message>
    <message>
        <source>Ablations:</source>
        <translation>Ablationen:</translation>
    </message>
    <message>
        <source>Base run (optional):</source>
        <translation>Basislauf (optional):</translation>
    </message>
    <message>
        <source>Not a SemCoT run: run.json is missing or unreadable.</source>
        <translation>Kein SemCoT-Lauf: run.json fehlt oder ist nicht lesbar.</translation>
    </message>
    <message>
        <source>The base run has not finished training.</source>
        <translation>Der Basislauf ist noch nicht fertig trainiert.</translation>
    </message>
    <message>
        <source>Continuing a generator needs a base run.</source>
        <translation>Zum Weitertrainieren eines Generators wird ein Basislauf benötigt.</translation>
    </message>
    <message>
        <source>Continue the base run&apos;s generator (instead of a fresh one)</source>
        <translation>Den Generator des Basislaufs weitertrainieren (statt eines neuen)</translation>
    </message>
    <message>
        <source>No sentence transformer</source>
        <translation>Kein Satz-Transformer</translation>
    </message>
    <message>
        <source>Align mean-pooled teacher states instead of sentence embeddings</source>
        <translation>Gemittelte Lehrerzustände statt Satzeinbettungen ausrichten</translation>
    </message>
    <message>
        <source>No warm-up stage</source>
        <translation>Keine Aufwärmphase</translation>
    </message>
    <message>
        <source>Teacher as generator</source>
        <translation>Lehrer als Generator</translation>
    </message>
    <message>
        <source>The contemplation generator is a copy of the teacher</source>
        <translation>Der Kontemplationsgenerator ist eine Kopie des Lehrers</translation>
    </message>
    <message>
        <source>empty: train all; a finished run: train only its generator</source>
        <translation>leer: alles trainieren; ein fertiger Lauf: nur seinen Generator trainieren</translation>
    </message>
    <message>
        <source>The base run has no finished %1 stage.</source>
        <translation>Der Basislauf hat keine abgeschlossene Phase %1.</translation>
    </message>
    <message>
        <source>The base run lacks %1.</source>
        <translation>Im Basislauf fehlt %1.</translation>
    </message>
    <message>
        <source>The base run keeps no student to train a new generator from.</source>
        <translation>Der Basislauf enthält keinen Schüler, aus dem ein neuer Generator trainiert werden kann.</translation>
    </message>
    <message>
        <source>The base run&apos;s generator is incomplete (%1 is missing), so it cannot be continued.</source>
        <translation>Der Generator des Basislaufs ist unvollständig (%1 fehlt) und kann daher nicht weitertrainiert werden.</translation>
    </message>
    <message>
        <source>%1: the learning rate must be a number above 0 (not &quot;%2&quot;).</source>
        <translation>%1: Die Lernrate muss eine Zahl über 0 sein (nicht „%2“).</translation>
    </message>
    <message>
        <source>%1: the weight decay must be a number, 0 or more (not &quot;%2&quot;).</source>
        <translation>%1: Der Gewichtsverfall muss eine Zahl sein, 0 oder mehr (nicht „%2“).</translation>
    </message>
    <message>
        <source>This folder already holds a run. Open it (File &gt; Open run) to resume it, or choose another folder.</source>
        <translation>Dieser Ordner enthält bereits einen Lauf. Öffnen Sie ihn (Datei &gt; Lauf öffnen), um ihn fortzusetzen, oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>cannot read the preset %1: %2</source>
        <translation>die Voreinstellung %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>es ist ein Ordner</translation>
    </message>
    <message>
        <source>Task or dataset:</source>
        <translation>Aufgabe oder Datensatz:</translation>
    </message>
    <message>
        <source>Examples:</source>
        <translation>Beispiele:</translation>
    </message>
    <message>
        <source>Max length (tokens):</source>
        <translation>Maximale Länge (Tokens):</translation>
    </message>
    <message>
        <source>Tokenizer size:</source>
        <translation>Tokenizer-Größe:</translation>
    </message>
    <message>
        <source>Longer examples:</source>
        <translation>Längere Beispiele:</translation>
    </message>
    <message>
        <source>Models from scratch:</source>
        <translation>Modelle von Grund auf:</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>höchstens</translation>
    </message>
    <message>
        <source>Dataset file</source>
        <translation>Datensatzdatei</translation>
    </message>
    <message>
        <source>SemCoT datasets (*.json *.jsonl)</source>
        <translation>SemCoT-Datensätze (*.json *.jsonl)</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Datensatzordner</translation>
    </message>
    <message>
        <source>The last check found %1 examples longer than max_length %2 (the longest has %3 tokens): the run would stop before training. Skip them, raise max_length, or fit it to the data.</source>
        <translation>Die letzte Prüfung fand %1 Beispiele über max_length %2 (das längste: %3 Tokens): Der Lauf würde vor dem Training anhalten. Überspringen Sie sie, erhöhen Sie max_length oder passen Sie es an die Daten an.</translation>
    </message>
    <message>
        <source>Choose coinflip, arithmetic, a SemCoT JSON dataset file or a dataset folder.</source>
        <translation>Wählen Sie coinflip, arithmetic, eine SemCoT-JSON-Datensatzdatei oder einen Datensatzordner.</translation>
    </message>
    <message>
        <source>This folder has no train_*.json file (a dataset folder holds train_*.json and eval_*.json).</source>
        <translation>Dieser Ordner enthält keine train_*.json-Datei (ein Datensatzordner enthält train_*.json und eval_*.json).</translation>
    </message>
    <message>
        <source>No such dataset file or folder: %1</source>
        <translation>Datensatzdatei oder -ordner nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>Lehrer</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Schüler</translation>
    </message>
    <message>
        <source>%1: every size must be above 0.</source>
        <translation>%1: Jede Größe muss über 0 liegen.</translation>
    </message>
    <message>
        <source>%1: train it for at least one epoch.</source>
        <translation>%1: Trainieren Sie mindestens eine Epoche.</translation>
    </message>
    <message>
        <source>%1: the hidden size %2 is not divisible by %3 attention heads.</source>
        <translation>%1: Die verborgene Größe %2 ist nicht durch %3 Attention-Köpfe teilbar.</translation>
    </message>
    <message>
        <source>%1: the head dimension %2 (hidden size / heads) must be even for rotary position embeddings.</source>
        <translation>%1: Die Kopfdimension %2 (verborgene Größe / Köpfe) muss für rotierende Positionseinbettungen gerade sein.</translation>
    </message>
    <message>
        <source>%1: %2 attention heads are not divisible by %3 key-value heads.</source>
        <translation>%1: %2 Attention-Köpfe sind nicht durch %3 Key-Value-Köpfe teilbar.</translation>
    </message>
    <message>
        <source>Teacher: the sentence transformer is built from its layers up to %1, so it needs at least %1 layers.</source>
        <translation>Lehrer: Der Satz-Transformer wird aus seinen Schichten bis %1 gebildet, daher braucht er mindestens %1 Schichten.</translation>
    </message>
    <message>
        <source>The fit to the data and the time estimate are for models trained from scratch; this run loads its models from folders.</source>
        <translation>Die Anpassung an die Daten und die Zeitschätzung gelten für von Grund auf trainierte Modelle; dieser Lauf lädt seine Modelle aus Ordnern.</translation>
    </message>
    <message>
        <source>Choose a task, dataset file or folder first.</source>
        <translation>Wählen Sie zuerst eine Aufgabe, eine Datensatzdatei oder einen Ordner.</translation>
    </message>
    <message>
        <source>Fix the fields marked in red first.</source>
        <translation>Korrigieren Sie zuerst die rot markierten Felder.</translation>
    </message>
    <message>
        <source>Measuring...</source>
        <translation>Wird gemessen...</translation>
    </message>
    <message>
        <source>The check failed: %1</source>
        <translation>Die Prüfung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Press &quot;Check fit and time&quot; to see the tokenizer size, the examples&apos; lengths, max_length and the training time on this data.</source>
        <translation>Klicken Sie auf „Anpassung und Zeit prüfen“, um Tokenizer-Größe, Beispiellängen, max_length und Trainingszeit für diese Daten zu sehen.</translation>
    </message>
    <message>
        <source>Tokenizer: %1 pieces. Example lengths in tokens: median %2, %3th percentile %4, longest %5.</source>
        <translation>Tokenizer: %1 Teile. Beispiellängen in Tokens: Median %2, %3. Perzentil %4, längstes %5.</translation>
    </message>
    <message>
        <source>max_length %1, fitted to the data; %2 training and %3 validation examples.</source>
        <translation>max_length %1, an die Daten angepasst; %2 Trainings- und %3 Validierungsbeispiele.</translation>
    </message>
    <message>
        <source>max_length %1, as set; %2 training and %3 validation examples.</source>
        <translation>max_length %1, wie eingestellt; %2 Trainings- und %3 Validierungsbeispiele.</translation>
    </message>
    <message>
        <source>Every example fits.</source>
        <translation>Alle Beispiele passen.</translation>
    </message>
    <message>
        <source>Longer than max_length: %1 of %2 training and %3 of %4 validation examples, which the run skips.</source>
        <translation>Länger als max_length: %1 von %2 Trainings- und %3 von %4 Validierungsbeispielen, die der Lauf überspringt.</translation>
    </message>
    <message>
        <source>Longer than max_length: %1 of %2 training and %3 of %4 validation examples, so the run would stop before training.</source>
        <translation>Länger als max_length: %1 von %2 Trainings- und %3 von %4 Validierungsbeispielen, daher würde der Lauf vor dem Training anhalten.</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>Lehrer</translation>
    </message>
    <message>
        <source>student</source>
        <translation>Schüler</translation>
    </message>
    <message>
        <source>sentence transformer</source>
        <translation>Satz-Transformer</translation>
    </message>
    <message>
        <source>generator</source>
        <translation>Generator</translation>
    </message>
    <message>
        <source>%1 %2 (%3 steps)</source>
        <translation>%1 %2 (%3 Schritte)</translation>
    </message>
    <message>
        <source>this machine&apos;s CPU</source>
        <translation>der CPU dieses Rechners</translation>
    </message>
    <message>
        <source>this machine&apos;s GPU (%1)</source>
        <translation>der GPU dieses Rechners (%1)</translation>
    </message>
    <message>
        <source>Estimated time on %1: %2; total %3.</source>
        <translation>Geschätzte Zeit auf %1: %2; insgesamt %3.</translation>
    </message>
    <message>
        <source>Training time: press &quot;Check fit and time&quot; (it times a few training steps on this machine).</source>
        <translation>Trainingszeit: Klicken Sie auf „Anpassung und Zeit prüfen“ (misst einige Trainingsschritte auf diesem Rechner).</translation>
    </message>
    <message>
        <source>These numbers are for earlier settings: check again.</source>
        <translation>Diese Zahlen gelten für frühere Einstellungen: Prüfen Sie erneut.</translation>
    </message>
    <message>
        <source>coinflip, arithmetic, a dataset file or folder</source>
        <translation>coinflip, arithmetic, eine Datensatzdatei oder ein Ordner</translation>
    </message>
    <message>
        <source>coinflip and arithmetic: examples generated; a dataset file or folder: training examples kept (a seeded sample when it has more)</source>
        <translation>coinflip und arithmetic: erzeugte Beispiele; eine Datensatzdatei oder ein Ordner: behaltene Trainingsbeispiele (eine Stichprobe mit festem Startwert, wenn es mehr gibt)</translation>
    </message>
    <message>
        <source>Tokens per training sequence, for the teacher, the student and the SemCoT stages</source>
        <translation>Tokens pro Trainingssequenz, für Lehrer, Schüler und die SemCoT-Phasen</translation>
    </message>
    <message>
        <source>Fit to the data: percentile</source>
        <translation>An die Daten anpassen: Perzentil</translation>
    </message>
    <message>
        <source>max_length becomes this percentile of the training examples&apos; lengths (a multiple of 8, at most the cap); the models&apos; context follows</source>
        <translation>max_length wird dieses Perzentil der Längen der Trainingsbeispiele (ein Vielfaches von 8, höchstens die Obergrenze); der Kontext der Modelle folgt</translation>
    </message>
    <message>
        <source>from the data</source>
        <translation>aus den Daten</translation>
    </message>
    <message>
        <source>With the fit, the tokenizer&apos;s size comes from the data&apos;s words</source>
        <translation>Mit der Anpassung ergibt sich die Tokenizer-Größe aus den Wörtern der Daten</translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation>Lauf anhalten</translation>
    </message>
    <message>
        <source>Skip them</source>
        <translation>Überspringen</translation>
    </message>
    <message>
        <source>Examples longer than max_length are never cut: the run stops before training, or leaves them out (data/skipped.json)</source>
        <translation>Beispiele, die länger als max_length sind, werden nie gekürzt: Der Lauf hält vor dem Training an oder lässt sie weg (data/skipped.json)</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <source>FFN</source>
        <translation>FFN</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>heads</source>
        <translation>Köpfe</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV-Köpfe</translation>
    </message>
    <message>
        <source>Check fit and time</source>
        <translation>Anpassung und Zeit prüfen</translation>
    </message>
    <message>
        <source>Splits the data, trains the tokenizer and times a few training steps, as the run would, without training</source>
        <translation>Teilt die Daten auf, trainiert den Tokenizer und misst einige Trainingsschritte wie der Lauf, ohne zu trainieren</translation>
    </message>
    <message>
        <source>Dataset file...</source>
        <translation>Datensatzdatei...</translation>
    </message>
    <message>
        <source>Dataset folder...</source>
        <translation>Datensatzordner...</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>SemCoT (from the preset)</source>
        <translation>SemCoT (aus der Voreinstellung)</translation>
    </message>
    <message>
        <source>%1 (a baseline on a finished run)</source>
        <translation>%1 (eine Baseline auf einem fertigen Lauf)</translation>
    </message>
    <message>
        <source>Pause tokens (Goyal et al. 2023): the teacher with LoRA reads N learned &lt;pause&gt; inputs between the question and the answer.</source>
        <translation>Pause-Tokens (Goyal et al. 2023): Der Lehrer mit LoRA liest N gelernte &lt;pause&gt;-Eingaben zwischen Frage und Antwort.</translation>
    </message>
    <message>
        <source>SoftCoT (Xu et al. 2025): a generator-only run with the base run&apos;s preset (its k): the assistant stays frozen and only its projection into the teacher&apos;s embeddings trains, on the answer loss.</source>
        <translation>SoftCoT (Xu et al. 2025): ein Lauf nur des Generators mit der Voreinstellung des Basislaufs (sein k): Der Assistent bleibt eingefroren, nur seine Projektion in die Einbettungen des Lehrers wird trainiert, mit dem Antwortverlust.</translation>
    </message>
    <message>
        <source>Coconut (Hao et al. 2024): the teacher with LoRA replaces one more reasoning step per stage by continuous thoughts (its own last hidden state fed back).</source>
        <translation>Coconut (Hao et al. 2024): Der Lehrer mit LoRA ersetzt je Phase einen weiteren Begründungsschritt durch kontinuierliche Gedanken (sein eigener letzter Hidden State, zurückgeführt).</translation>
    </message>
    <message>
        <source>CODI (Shen et al. 2025): the teacher with LoRA reads N latents made from its hidden states by a trained projection, distilled from its own explicit CoT.</source>
        <translation>CODI (Shen et al. 2025): Der Lehrer mit LoRA liest N latente Vektoren, die eine trainierte Projektion aus seinen Hidden States bildet, destilliert aus seiner eigenen expliziten CoT.</translation>
    </message>
    <message>
        <source>ICoT-SI (Deng et al. 2024): the teacher with LoRA is fine-tuned while its reasoning is removed from the front, stage by stage, until it answers without writing any.</source>
        <translation>ICoT-SI (Deng et al. 2024): Der Lehrer mit LoRA wird feinabgestimmt, während seine Begründung Phase für Phase von vorn entfernt wird, bis er antwortet, ohne eine zu schreiben.</translation>
    </message>
    <message>
        <source>SemCoT: the sentence transformer and the contemplation generator (and models trained from scratch) from the preset.</source>
        <translation>SemCoT: der Satz-Transformer und der Kontemplationsgenerator (und von Grund auf trainierte Modelle) aus der Voreinstellung.</translation>
    </message>
    <message>
        <source>Base run:</source>
        <translation>Basislauf:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>LoRA rank r:</source>
        <translation>LoRA-Rang r:</translation>
    </message>
    <message>
        <source>Pause tokens:</source>
        <translation>Pause-Tokens:</translation>
    </message>
    <message>
        <source>Thoughts per step:</source>
        <translation>Gedanken je Schritt:</translation>
    </message>
    <message>
        <source>Steps replaced at most:</source>
        <translation>Höchstens ersetzte Schritte:</translation>
    </message>
    <message>
        <source>Latent tokens:</source>
        <translation>Latente Tokens:</translation>
    </message>
    <message>
        <source>Distillation weight:</source>
        <translation>Destillationsgewicht:</translation>
    </message>
    <message>
        <source>Tokens removed per stage:</source>
        <translation>Entfernte Tokens je Phase:</translation>
    </message>
    <message>
        <source>Choose the finished SemCoT run to train %1 on.</source>
        <translation>Wählen Sie den fertigen SemCoT-Lauf, auf dem %1 trainiert wird.</translation>
    </message>
    <message>
        <source>Not a SemCoT run.</source>
        <translation>Kein SemCoT-Lauf.</translation>
    </message>
    <message>
        <source>The learning rate must be a number above 0 (not &quot;%1&quot;).</source>
        <translation>Die Lernrate muss eine Zahl über 0 sein (nicht „%1“).</translation>
    </message>
    <message>
        <source>Choose a folder for %1.</source>
        <translation>Wählen Sie einen Ordner für %1.</translation>
    </message>
    <message>
        <source>This folder holds something else: %1</source>
        <translation>Dieser Ordner enthält etwas anderes: %1</translation>
    </message>
    <message>
        <source>This folder already holds a trained %1: choose another output folder, or delete this one first.</source>
        <translation>Dieser Ordner enthält bereits ein trainiertes %1: Wählen Sie einen anderen Ausgabeordner oder löschen Sie diesen zuerst.</translation>
    </message>
    <message>
        <source>This folder holds an interrupted training of %1: check &quot;Continue the interrupted training&quot; to resume it, or choose another folder.</source>
        <translation>Dieser Ordner enthält ein unterbrochenes Training von %1: Aktivieren Sie „Unterbrochenes Training fortsetzen“, um es fortzusetzen, oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>There is no interrupted training of %1 in this folder to continue.</source>
        <translation>In diesem Ordner gibt es kein unterbrochenes Training von %1 zum Fortsetzen.</translation>
    </message>
    <message>
        <source>Epochs per stage:</source>
        <translation>Epochen je Phase:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>a finished SemCoT run (its data, prompts and teacher)</source>
        <translation>ein fertiger SemCoT-Lauf (seine Daten, Prompts und sein Lehrer)</translation>
    </message>
    <message>
        <source>empty: BASE/methods/%1</source>
        <translation>leer: BASIS/methods/%1</translation>
    </message>
    <message>
        <source>empty: %1</source>
        <translation>leer: %1</translation>
    </message>
    <message>
        <source>Continue the interrupted training in this folder</source>
        <translation>Unterbrochenes Training in diesem Ordner fortsetzen</translation>
    </message>
    <message>
        <source>The same settings as before: the training resumes from its last checkpoint (semcot train ... --resume)</source>
        <translation>Dieselben Einstellungen wie zuvor: Das Training setzt am letzten Checkpoint fort (semcot train ... --resume)</translation>
    </message>
    <message>
        <source>Rank of the LoRA adapters on q_proj and v_proj (alpha = 2 r)</source>
        <translation>Rang der LoRA-Adapter auf q_proj und v_proj (alpha = 2 r)</translation>
    </message>
    <message>
        <source>Stages replace 0, 1, ... of the reasoning&apos;s steps by thoughts, up to this many</source>
        <translation>Die Phasen ersetzen 0, 1, ... Schritte der Begründung durch Gedanken, bis zu so vielen</translation>
    </message>
    <message>
        <source>Weight of the hidden-state distillation loss (CODI&apos;s 20)</source>
        <translation>Gewicht des Destillationsverlusts der Hidden States (bei CODI 20)</translation>
    </message>
    <message>
        <source>Reasoning tokens removed from the front at each stage</source>
        <translation>In jeder Phase von vorn entfernte Begründungs-Tokens</translation>
    </message>
    <message>
        <source>It trains on the base run&apos;s training and validation splits with its prompts and teacher (the base run is not changed), as&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;br&gt;does. Once trained, the base run&apos;s Ask and Evaluation views offer it and the Runs view lists it. Stop keeps a checkpoint: Resume, or this dialog with &quot;Continue the interrupted training&quot;, goes on from there.</source>
        <translation>Es trainiert auf den Trainings- und Validierungsdaten des Basislaufs mit dessen Prompts und Lehrer (der Basislauf bleibt unverändert), wie&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;br&gt;es tut. Danach bieten die Ansichten „Fragen“ und „Auswertung“ des Basislaufs es an, und die Ansicht „Läufe“ führt es auf. Anhalten behält einen Checkpoint: „Fortsetzen“ oder dieser Dialog mit „Unterbrochenes Training fortsetzen“ macht dort weiter.</translation>
    </message>
    <message>
        <source>Copy as command</source>
        <translation>Als Befehl kopieren</translation>
    </message>
    <message>
        <source>Copied:
%1</source>
        <translation>Kopiert:
%1</translation>
    </message>
    <message>
        <source>Copies the equivalent `semcot train` command; a SemCoT run&apos;s preset, with your edits, is written to the output folder as preset.json</source>
        <translation>Kopiert den entsprechenden Befehl `semcot train`; die Voreinstellung eines SemCoT-Laufs wird mit Ihren Änderungen als preset.json in den Ausgabeordner geschrieben</translation>
    </message>
    <message>
        <source>%1 is being trained in this folder right now (%2): wait for it to finish, or choose another folder.</source>
        <translation>%1 wird gerade in diesem Ordner trainiert (%2): Warten Sie, bis das Training fertig ist, oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Device memory:</source>
        <translation>Gerätespeicher:</translation>
    </message>
    <message>
        <source>Micro-batch:</source>
        <translation>Micro-Batch:</translation>
    </message>
    <message>
        <source>Frozen teacher in:</source>
        <translation>Eingefrorener Lehrer in:</translation>
    </message>
    <message>
        <source>The memory of the device the run trains on (one process); the plan keeps 10% of it free</source>
        <translation>Der Speicher des Geräts, auf dem der Lauf trainiert (ein Prozess); der Plan hält 10 % davon frei</translation>
    </message>
    <message>
        <source>whole batch</source>
        <translation>ganzer Batch</translation>
    </message>
    <message>
        <source>Examples per forward and backward pass; gradients are accumulated over the batch, so the update is the same. Until you change it, every stage keeps the preset&apos;s own</source>
        <translation>Beispiele pro Vorwärts- und Rückwärtsdurchlauf; die Gradienten werden über den Batch akkumuliert, daher bleibt das Update gleich. Solange Sie es nicht ändern, behält jede Phase den Wert der Voreinstellung</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>bfloat16</source>
        <translation>bfloat16</translation>
    </message>
    <message>
        <source>float16 (CUDA)</source>
        <translation>float16 (CUDA)</translation>
    </message>
    <message>
        <source>The precision the frozen teacher is held in while the generator trains; what trains stays float32</source>
        <translation>Das Zahlenformat, in dem der eingefrorene Lehrer gehalten wird, während der Generator trainiert; was trainiert wird, bleibt float32</translation>
    </message>
    <message>
        <source>Activation checkpointing</source>
        <translation>Aktivierungs-Checkpointing</translation>
    </message>
    <message>
        <source>Recompute each layer&apos;s activations in the backward pass instead of keeping them: less memory, about a third more time. Until you change it, every stage keeps the preset&apos;s own</source>
        <translation>Die Aktivierungen jeder Schicht im Rückwärtsdurchlauf neu berechnen, statt sie zu behalten: weniger Speicher, etwa ein Drittel mehr Zeit. Solange Sie es nicht ändern, behält jede Phase den Wert der Voreinstellung</translation>
    </message>
    <message>
        <source>Apply recommendation</source>
        <translation>Empfehlung übernehmen</translation>
    </message>
    <message>
        <source>Sets the micro-batch, teacher precision and checkpointing that the plan recommends</source>
        <translation>Setzt Micro-Batch, Zahlenformat des Lehrers und Aktivierungs-Checkpointing so, wie der Plan es empfiehlt</translation>
    </message>
    <message>
        <source>Cannot apply the recommendation: %1</source>
        <translation>Die Empfehlung kann nicht übernommen werden: %1</translation>
    </message>
    <message>
        <source>max_length is fitted to the data: planned at its cap, %1, until the fit is checked.</source>
        <translation>max_length wird an die Daten angepasst: bis zur Prüfung der Anpassung mit der Obergrenze %1 geplant.</translation>
    </message>
    <message>
        <source>No memory plan: %1</source>
        <translation>Kein Speicherplan: %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>(batch %1 = %2 x %3)</source>
        <translation>(Batch %1 = %2 x %3)</translation>
    </message>
    <message>
        <source>Memory per stage on one process (weights, gradients, optimizer, activations): %1.</source>
        <translation>Speicher je Phase in einem Prozess (Gewichte, Gradienten, Optimierer, Aktivierungen): %1.</translation>
    </message>
    <message>
        <source>Peak %1 fits the device&apos;s %2 (%3 with 10% kept free).</source>
        <translation>Der Spitzenbedarf von %1 passt in die %2 des Geräts (%3 bei 10 % Reserve).</translation>
    </message>
    <message>
        <source>Does not fit: the peak, %1, is more than %2 (the device&apos;s %3 with 10% kept free).</source>
        <translation>Passt nicht: Der Spitzenbedarf von %1 ist größer als %2 (die %3 des Geräts bei 10 % Reserve).</translation>
    </message>
    <message>
        <source>the teacher in %1</source>
        <translation>dem Lehrer in %1</translation>
    </message>
    <message>
        <source>activation checkpointing</source>
        <translation>Aktivierungs-Checkpointing</translation>
    </message>
    <message>
        <source>micro-batch %1 for the %2</source>
        <translation>Micro-Batch %1 für den %2</translation>
    </message>
    <message>
        <source>It fits with %1: peak %2. &quot;Apply recommendation&quot; sets these.</source>
        <translation>Es passt mit %1: Spitzenbedarf %2. „Empfehlung übernehmen“ setzt diese Werte.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Nothing fits this device, not even the teacher in bfloat16 with checkpointing and micro-batch 1 (%1): use a device with more memory, or shorter sequences.</source>
        <translation>Nichts passt auf dieses Gerät, nicht einmal der Lehrer in bfloat16 mit Aktivierungs-Checkpointing und Micro-Batch 1 (%1): Verwenden Sie ein Gerät mit mehr Speicher oder kürzere Sequenzen.</translation>
    </message>
    <message>
        <source>A run is being trained in this folder right now (%1): choose another folder.</source>
        <translation>In diesem Ordner wird gerade ein Lauf trainiert (%1): Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>On the CPU these are the live tensors; the process&apos;s peak resident memory was measured 1.3-1.9x higher (freed memory the C library keeps; docs/benchmarks.md).</source>
        <translation>Auf der CPU sind das die lebenden Tensoren; der residente Spitzenspeicher des Prozesses war gemessen 1,3- bis 1,9-mal höher (die C-Bibliothek behält freigegebenen Speicher; docs/benchmarks.md).</translation>
    </message>
    <message>
        <source>The base run is being trained right now (%1): wait for it to finish.</source>
        <translation>Der Basislauf wird gerade trainiert (%1): Warten Sie, bis das Training fertig ist.</translation>
    </message>
</context>
<context>
    <name>semcot::ui::TrainingView</name>
    <message>
        <source>Teacher language model</source>
        <translation>Lehrer-Sprachmodell</translation>
    </message>
    <message>
        <source>Student language model</source>
        <translation>Schüler-Sprachmodell</translation>
    </message>
    <message>
        <source>Sentence transformer, stage 1</source>
        <translation>Satz-Transformer, Phase 1</translation>
    </message>
    <message>
        <source>Sentence transformer, stage 2</source>
        <translation>Satz-Transformer, Phase 2</translation>
    </message>
    <message>
        <source>Contemplation generator, warm-up</source>
        <translation>Kontemplationsgenerator, Aufwärmen</translation>
    </message>
    <message>
        <source>Contemplation generator, full</source>
        <translation>Kontemplationsgenerator, vollständig</translation>
    </message>
    <message>
        <source>Training finished: %1</source>
        <translation>Training abgeschlossen: %1</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>FEHLGESCHLAGEN: %1</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>Training fehlgeschlagen</translation>
    </message>
    <message>
        <source>The training run stopped with an error:

%1

The log keeps everything it printed.</source>
        <translation>Der Trainingslauf wurde mit einem Fehler beendet:

%1

Das Protokoll enthält alle Ausgaben.</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>%1 wird fortgesetzt</translation>
    </message>
    <message>
        <source>Starting %1 (preset %2, device %3)</source>
        <translation>%1 wird gestartet (Voreinstellung %2, Gerät %3)</translation>
    </message>
    <message>
        <source>Cannot resume</source>
        <translation>Fortsetzen nicht möglich</translation>
    </message>
    <message>
        <source>Stopping at the next safe point...</source>
        <translation>Anhalten am nächsten sicheren Punkt...</translation>
    </message>
    <message>
        <source>%1: epoch %2, step %3 of %4</source>
        <translation>%1: Epoche %2, Schritt %3 von %4</translation>
    </message>
    <message>
        <source>%1 steps/s, %2 left</source>
        <translation>%1 Schritte/s, noch %2</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Loss: %1</source>
        <translation>Verlust: %1</translation>
    </message>
    <message>
        <source>train: total</source>
        <translation>Training: gesamt</translation>
    </message>
    <message>
        <source>train: reasoning</source>
        <translation>Training: Begründung</translation>
    </message>
    <message>
        <source>train: answer</source>
        <translation>Training: Antwort</translation>
    </message>
    <message>
        <source>validation: total</source>
        <translation>Validierung: gesamt</translation>
    </message>
    <message>
        <source>validation: reasoning</source>
        <translation>Validierung: Begründung</translation>
    </message>
    <message>
        <source>validation: answer</source>
        <translation>Validierung: Antwort</translation>
    </message>
    <message>
        <source>No training run yet. Start one with &lt;b&gt;New training run&lt;/b&gt;.</source>
        <translation>Noch kein Trainingslauf. Starten Sie einen mit &lt;b&gt;Neuer Trainingslauf&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Training &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Training von &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Stopping &lt;b&gt;%1&lt;/b&gt; at a safe point...</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; wird an einem sicheren Punkt angehalten...</translation>
    </message>
    <message>
        <source>Stopped &lt;b&gt;%1&lt;/b&gt;; Resume continues from the checkpoint.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; angehalten; „Fortsetzen“ macht am Prüfpunkt weiter.</translation>
    </message>
    <message>
        <source>Finished &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; abgeschlossen</translation>
    </message>
    <message>
        <source>Current stage</source>
        <translation>Aktuelle Phase</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>Diagramm:</translation>
    </message>
    <message>
        <source>Smooth train loss (EMA)</source>
        <translation>Trainingsverlust glätten (EMA)</translation>
    </message>
    <message>
        <source>New training run...</source>
        <translation>Neuer Trainingslauf...</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop at the next safe point; the run stays resumable (Esc)</source>
        <translation>Am nächsten sicheren Punkt anhalten; der Lauf bleibt fortsetzbar (Esc)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Open the run</source>
        <translation>Lauf öffnen</translation>
    </message>
    <message>
        <source>Waiting for a run</source>
        <translation>Warten auf einen Lauf</translation>
    </message>
    <message>
        <source>Training log</source>
        <translation>Trainingsprotokoll</translation>
    </message>
    <message>
        <source>This run has finished training.</source>
        <translation>Dieser Lauf ist fertig trainiert.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c62828&apos;&gt;Failed&lt;/span&gt; &lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;span style=&apos;color:#c62828&apos;&gt;Fehlgeschlagen&lt;/span&gt; &lt;b&gt;%1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>%1, stage %2</source>
        <translation>%1, Phase %2</translation>
    </message>
    <message>
        <source>Resuming %1 in %2</source>
        <translation>%1 in %2 wird fortgesetzt</translation>
    </message>
    <message>
        <source>Starting %1 on %2 in %3 (device %4)</source>
        <translation>%1 wird auf %2 in %3 gestartet (Gerät %4)</translation>
    </message>
    <message>
        <source>Training %1 in &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Training von %1 in &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>train: distillation</source>
        <translation>Training: Destillation</translation>
    </message>
    <message>
        <source>validation: distillation</source>
        <translation>Validierung: Destillation</translation>
    </message>
</context>
<context>
    <name>semcot::ui::TrainingWorker</name>
    <message>
        <source>Stopped at a safe point; the run can be resumed.</source>
        <translation>An einem sicheren Punkt angehalten; der Lauf kann fortgesetzt werden.</translation>
    </message>
    <message>
        <source>%1: %2 (%3 s)</source>
        <translation>%1: %2 (%3 s)</translation>
    </message>
    <message>
        <source>Stopped at a safe point; the training can be resumed.</source>
        <translation>An einem sicheren Punkt angehalten; das Training kann fortgesetzt werden.</translation>
    </message>
</context>
</TS>
