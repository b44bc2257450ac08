<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>%1 has no preset</source>
        <translation>%1 没有预设</translation>
    </message>
</context>
<context>
    <name>ReportCommand</name>
    <message>
        <source>--%1 needs a number &gt;= 0, got &apos;%2&apos;</source>
        <translation>--%1 需要一个 &gt;= 0 的数字，实际为“%2”</translation>
    </message>
    <message>
        <source>Export a comparison report of run folder RUN into --out and exit.</source>
        <translation>将运行文件夹 RUN 的对比报告导出到 --out 后退出。</translation>
    </message>
    <message>
        <source>Another run folder to compare side by side (repeatable).</source>
        <translation>另一个用于并排对比的运行文件夹（可重复指定）。</translation>
    </message>
    <message>
        <source>An evaluation file (semcot.evaluation/1 JSON) to report instead of evaluating; one per run, or several for a single run (repeatable).</source>
        <translation>用于报告的评估文件（semcot.evaluation/1 JSON），代替重新评估；每个运行一个，或单个运行多个（可重复指定）。</translation>
    </message>
    <message>
        <source>Questions to evaluate for runs without an evaluation file.</source>
        <translation>对没有评估文件的运行所评估的问题数。</translation>
    </message>
    <message>
        <source>Example questions to show.</source>
        <translation>要展示的示例问题数。</translation>
    </message>
    <message>
        <source>Leave out implicit tokens, nearest sentences and heatmaps.</source>
        <translation>省略隐式词元、最近邻句子和热力图。</translation>
    </message>
    <message>
        <source>Output folder of the report.</source>
        <translation>报告的输出文件夹。</translation>
    </message>
    <message>
        <source>--export-report needs --out DIR</source>
        <translation>--export-report 需要 --out 目录</translation>
    </message>
    <message>
        <source>report export failed: %1</source>
        <translation>报告导出失败：%1</translation>
    </message>
    <message>
        <source>Latent-token diagnostics (token statistics, interventions and the masked control) over N questions per method with latents; 0 = none.</source>
        <translation>潜在 token 诊断（token 统计、干预以及遮蔽对照），每种带潜在 token 的方法取 N 个问题；0 = 不做。</translation>
    </message>
</context>
<context>
    <name>RunFolder</name>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 is a model folder, not a SemCoT run. Use it as the teacher or student of a new training run (File &gt; New training run).</source>
        <translation>%1 是模型文件夹，而不是 SemCoT 运行。请将其用作新训练运行的教师或学生模型（文件 &gt; 新建训练运行）。</translation>
    </message>
    <message>
        <source>%1 is neither a SemCoT run nor a model folder: it has no run.json (a run) and no config.json with *.safetensors (a model).</source>
        <translation>%1 既不是 SemCoT 运行也不是模型文件夹：其中没有 run.json（运行），也没有带 *.safetensors 的 config.json（模型）。</translation>
    </message>
    <message>
        <source>%1: run.json is not valid JSON (%2).</source>
        <translation>%1：run.json 不是有效的 JSON（%2）。</translation>
    </message>
    <message>
        <source>%1 is not a complete SemCoT run. Missing: %2.</source>
        <translation>%1 不是完整的 SemCoT 运行。缺少：%2。</translation>
    </message>
    <message>
        <source>The run in %1 failed (%2). It cannot be resumed; start a new run.</source>
        <translation>%1 中的运行已失败（%2）。它无法继续；请开始新的运行。</translation>
    </message>
    <message>
        <source>The run in %1 has not finished training: it was stopped or interrupted, and can be resumed.</source>
        <translation>%1 中的运行尚未完成训练：它已被停止或中断，可以继续。</translation>
    </message>
    <message>
        <source>The run in %1 is being trained right now (%2). Wait for that training to finish, or stop it, before resuming or opening it.</source>
        <translation>%1 中的运行正在训练中（%2）。请等待该训练结束或将其停止，然后再继续或打开它。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>SemCoT Studio: explicit and implicit reasoning, side by side.</source>
        <translation>SemCoT Studio：显式推理与隐式推理并排对比。</translation>
    </message>
    <message>
        <source>Run folder to open (default: the last one, else the shipped tiny run).</source>
        <translation>要打开的运行文件夹（默认：上次打开的，否则为随附的小型运行）。</translation>
    </message>
    <message>
        <source>Save a PNG of the window and exit.</source>
        <translation>保存窗口的 PNG 截图后退出。</translation>
    </message>
    <message>
        <source>Milliseconds to wait before the screenshot (default: until the jobs finish).</source>
        <translation>截图前等待的毫秒数（默认：等到任务完成）。</translation>
    </message>
    <message>
        <source>Ask test questions N,... (1-based) once the run is open.</source>
        <translation>运行打开后，提出测试问题 N,...（从 1 开始编号）。</translation>
    </message>
    <message>
        <source>Evaluate the first N test questions once the run is open.</source>
        <translation>运行打开后，评估前 N 个测试问题。</translation>
    </message>
    <message>
        <source>Start a training run from this preset file.</source>
        <translation>使用此预设文件启动训练运行。</translation>
    </message>
    <message>
        <source>Output folder for --train and --export-report.</source>
        <translation>--train 和 --export-report 的输出文件夹。</translation>
    </message>
    <message>
        <source>Try &apos;semcot-studio --help&apos;.</source>
        <translation>请尝试 &apos;semcot-studio --help&apos;。</translation>
    </message>
    <message>
        <source>give at most one run folder</source>
        <translation>最多只能指定一个运行文件夹</translation>
    </message>
    <message>
        <source>--ask wants test question numbers from 1, such as 3 or 1,2,3 (not &apos;%1&apos;)</source>
        <translation>--ask 需要从 1 开始的测试问题编号，例如 3 或 1,2,3（而不是 &apos;%1&apos;）</translation>
    </message>
    <message>
        <source>--evaluate wants a number of questions, 0 for all (not &apos;%1&apos;)</source>
        <translation>--evaluate 需要问题数量，0 表示全部（而不是 &apos;%1&apos;）</translation>
    </message>
    <message>
        <source>--delay wants milliseconds, 0 or more (not &apos;%1&apos;)</source>
        <translation>--delay 需要 0 或更大的毫秒数（而不是 &apos;%1&apos;）</translation>
    </message>
    <message>
        <source>the training dialog refused the preset or --out: %1</source>
        <translation>训练对话框拒绝了该预设或 --out：%1</translation>
    </message>
    <message numerus="yes">
        <source>--ask %1: the run has %n test question(s)</source>
        <translation>
            <numerusform>--ask %1：该运行只有 %n 个测试问题</numerusform>
        </translation>
    </message>
    <message>
        <source>--screenshot %1: unknown image type &apos;%2&apos; (use .png)</source>
        <translation>--screenshot %1：未知的图像类型 &apos;%2&apos;（请使用 .png）</translation>
    </message>
    <message>
        <source>--screenshot %1: the folder %2 does not exist</source>
        <translation>--screenshot %1：文件夹 %2 不存在</translation>
    </message>
    <message>
        <source>no display: set DISPLAY, or QT_QPA_PLATFORM=offscreen to run headless (reports and screenshots)</source>
        <translation>没有显示器：请设置 DISPLAY，或设置 QT_QPA_PLATFORM=offscreen 以无界面运行（报告和截图）</translation>
    </message>
    <message>
        <source>cannot write the screenshot %1</source>
        <translation>无法写入截图 %1</translation>
    </message>
    <message>
        <source>What answers beside the explicit CoT in the Ask view (semcot, nocot, or a baseline trained on the run: pause, softcot, coconut, codi, icot); with --dialog training, the method it trains.</source>
        <translation>在“提问”视图中与显式思维链并列作答的方法（semcot、nocot，或在该运行上训练的基线：pause、softcot、coconut、codi、icot）；与 --dialog training 一起使用时，为其训练的方法。</translation>
    </message>
    <message>
        <source>Methods for --evaluate, comma-separated (default: the Evaluation view&apos;s).</source>
        <translation>--evaluate 使用的方法，以逗号分隔（默认：“评估”视图中的选择）。</translation>
    </message>
    <message>
        <source>unknown method &apos;%1&apos; for --method (expected semcot, nocot, pause, softcot, coconut, codi or icot)</source>
        <translation>--method 的方法 &apos;%1&apos; 未知（应为 semcot、nocot、pause、softcot、coconut、codi 或 icot）</translation>
    </message>
    <message>
        <source>unknown method &apos;%1&apos; in --methods (expected cot, nocot, semcot, pause, softcot, coconut, codi or icot)</source>
        <translation>--methods 中的方法 &apos;%1&apos; 未知（应为 cot、nocot、semcot、pause、softcot、coconut、codi 或 icot）</translation>
    </message>
    <message>
        <source>--methods needs --evaluate and at least one method</source>
        <translation>--methods 需要 --evaluate 以及至少一种方法</translation>
    </message>
    <message>
        <source>--out needs --train or --export-report</source>
        <translation>--out 需要 --train 或 --export-report</translation>
    </message>
    <message>
        <source>--method %1: not trained on this run (%2)</source>
        <translation>--method %1：未在此运行上训练（%2）</translation>
    </message>
    <message>
        <source>--methods %1: not every method is trained on this run</source>
        <translation>--methods %1：并非每种方法都已在此运行上训练</translation>
    </message>
    <message>
        <source>Train this baseline (pause, softcot, coconut, codi, icot) on the run folder given, with the training dialog&apos;s defaults; --out: its folder (default RUN/methods/NAME).</source>
        <translation>在给定的运行文件夹上训练此基线（pause、softcot、coconut、codi、icot），使用训练对话框的默认设置；--out：其文件夹（默认 RUN/methods/NAME）。</translation>
    </message>
    <message>
        <source>unknown baseline &apos;%1&apos; for --train-baseline (expected pause, softcot, coconut, codi or icot)</source>
        <translation>--train-baseline 的基线 &apos;%1&apos; 未知（应为 pause、softcot、coconut、codi 或 icot）</translation>
    </message>
    <message>
        <source>--train and --train-baseline start one training each: give one</source>
        <translation>--train 和 --train-baseline 各自启动一次训练：只能给出其中一个</translation>
    </message>
    <message>
        <source>--train-baseline needs the run folder it trains on</source>
        <translation>--train-baseline 需要用于训练的运行文件夹</translation>
    </message>
    <message>
        <source>the training dialog refused --train-baseline %1 on %2: %3</source>
        <translation>训练对话框拒绝了在 %2 上的 --train-baseline %1：%3</translation>
    </message>
    <message>
        <source>--details wants samples or failures (not &apos;%1&apos;)</source>
        <translation>--details 需要 samples 或 failures（而不是 &apos;%1&apos;）</translation>
    </message>
    <message>
        <source>--details needs --evaluate</source>
        <translation>--details 需要 --evaluate</translation>
    </message>
    <message>
        <source>View to show: ask, alignment, training, runs, evaluation, diagnostics.</source>
        <translation>要显示的视图：ask、alignment、training、runs、evaluation、diagnostics。</translation>
    </message>
    <message>
        <source>What the Evaluation view shows under the summary after --evaluate: samples, or failures (where each method fails, its worst slice&apos;s questions listed); after --diagnose: tokens or interventions.</source>
        <translation>--evaluate 之后评估视图在摘要下显示的内容：samples，或 failures（每种方法在哪里出错，列出其最差切片的问题）；--diagnose 之后：tokens 或 interventions。</translation>
    </message>
    <message>
        <source>unknown view &apos;%1&apos; (expected ask, alignment, training, runs, evaluation or diagnostics)</source>
        <translation>未知视图“%1”（应为 ask、alignment、training、runs、evaluation 或 diagnostics）</translation>
    </message>
    <message>
        <source>--method needs --ask, --view ask, --diagnose, --lens or --dialog training</source>
        <translation>--method 需要 --ask、--view ask、--diagnose、--lens 或 --dialog training</translation>
    </message>
    <message>
        <source>--details with --diagnose wants tokens or interventions (not &apos;%1&apos;)</source>
        <translation>与 --diagnose 一起使用时 --details 应为 tokens 或 interventions（而不是“%1”）</translation>
    </message>
    <message>
        <source>Run folders to select in the Runs view, comma-separated: their training curves are overlaid.</source>
        <translation>在运行视图中选择的运行文件夹，以逗号分隔：叠加显示它们的训练曲线。</translation>
    </message>
    <message>
        <source>The stage whose curves --select-runs overlays (teacher, student, st1, st2, cg1, cg2, ...).</source>
        <translation>--select-runs 叠加显示其曲线的阶段（teacher、student、st1、st2、cg1、cg2 ……）。</translation>
    </message>
    <message>
        <source>The overlaid curves on a log axis.</source>
        <translation>以对数坐标轴显示叠加的曲线。</translation>
    </message>
    <message>
        <source>The Runs view&apos;s table grouped by seed (mean ± sd).</source>
        <translation>运行视图的表格按种子分组（均值 ± 标准差）。</translation>
    </message>
    <message>
        <source>Diagnostics of the first N test questions once the run is open (--method: semcot or a baseline with latents).</source>
        <translation>运行打开后诊断前 N 个测试问题（--method：semcot 或带潜在 token 的基线）。</translation>
    </message>
    <message>
        <source>The interventions on test question N alone (the Ask view&apos;s Interventions), shown in the Diagnostics view.</source>
        <translation>仅对第 N 个测试问题做干预（提问视图中的“干预”），结果显示在诊断视图中。</translation>
    </message>
    <message>
        <source>The raw logit lens of test question N in the Diagnostics view.</source>
        <translation>在诊断视图中显示第 N 个测试问题的原始 logit lens。</translation>
    </message>
    <message>
        <source>--select-runs: %1 is not a run folder</source>
        <translation>--select-runs：%1 不是运行文件夹</translation>
    </message>
    <message>
        <source>--curve-stage needs --select-runs</source>
        <translation>--curve-stage 需要 --select-runs</translation>
    </message>
    <message>
        <source>--%1 wants a number (at least %2), not &apos;%3&apos;</source>
        <translation>--%1 需要一个数字（至少 %2），而不是“%3”</translation>
    </message>
    <message>
        <source>--interventions is one job of its own: not with --diagnose or --lens</source>
        <translation>--interventions 是单独的任务：不能与 --diagnose 或 --lens 同用</translation>
    </message>
    <message numerus="yes">
        <source>test question %1: the run has %n test question(s)</source>
        <translation>
            <numerusform>测试问题 %1：该运行有 %n 个测试问题</numerusform>
        </translation>
    </message>
    <message>
        <source>--method %1: no latent tokens, or not trained on this run</source>
        <translation>--method %1：没有潜在 token，或未在此运行上训练</translation>
    </message>
    <message>
        <source>With --dialog training: the preset it shows (a name in models/presets, or a JSON file).</source>
        <translation>与 --dialog training 一起使用时，对话框显示的预设（models/presets 中的名称，或一个 JSON 文件）。</translation>
    </message>
    <message>
        <source>Show a dialog (training, settings, about, report); --screenshot captures it.</source>
        <translation>显示对话框（training、settings、about、report）；--screenshot 会截取它。</translation>
    </message>
    <message>
        <source>unknown dialog &apos;%1&apos; (expected training, settings, about or report)</source>
        <translation>未知对话框 &apos;%1&apos;（应为 training、settings、about 或 report）</translation>
    </message>
</context>
<context>
    <name>semcot::ui</name>
    <message numerus="yes">
        <source>yes (%n device(s))</source>
        <translation>
            <numerusform>是（%n 个设备）</numerusform>
        </translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source> (reference BLAS: slow)</source>
        <translation>（参考 BLAS：较慢）</translation>
    </message>
</context>
<context>
    <name>semcot::ui::AboutDialog</name>
    <message>
        <source>About SemCoT Studio</source>
        <translation>关于 SemCoT Studio</translation>
    </message>
    <message>
        <source>Explicit chain of thought and SemCoT&apos;s implicit reasoning tokens, side by side (&lt;a href=&apos;https://arxiv.org/abs/2510.24940&apos;&gt;arXiv 2510.24940&lt;/a&gt;).</source>
        <translation>显式思维链与 SemCoT 的隐式推理词元并排对比（&lt;a href=&apos;https://arxiv.org/abs/2510.24940&apos;&gt;arXiv 2510.24940&lt;/a&gt;）。</translation>
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
        <translation>模型</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>日志文件</translation>
    </message>
</context>
<context>
    <name>semcot::ui::AlignmentHeatmap</name>
    <message>
        <source>%1 x step %2: cosine %3
Implicit token %1, nearest sentence: %4
Step %2: %5</source>
        <translation>%1 × 步骤 %2：余弦 %3
隐式词元 %1，最近邻句子：%4
步骤 %2：%5</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>No alignment yet: ask a question in the Ask view.</source>
        <translation>尚无对齐结果：请在“提问”视图中提出问题。</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>步骤 %1</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>SemCoT alignment heatmap</source>
        <translation>SemCoT 对齐热力图</translation>
    </message>
</context>
<context>
    <name>semcot::ui::AlignmentView</name>
    <message>
        <source>No analysis for this question: %1</source>
        <translation>此问题没有分析结果：%1</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>This question has no ground-truth reasoning (a free question): switch to the explicit CoT steps.</source>
        <translation>此问题没有标准推理（自由提问）：请切换到显式思维链的步骤。</translation>
    </message>
    <message>
        <source>The teacher&apos;s explicit CoT has no steps to compare with.</source>
        <translation>教师模型的显式思维链没有可比较的步骤。</translation>
    </message>
    <message>
        <source>Alignment score &lt;b&gt;%1&lt;/b&gt;: cosine of all implicit tokens with the whole reasoning. Random sentence pairs of the bank: mean &lt;b&gt;%2&lt;/b&gt; (sd %3, 95th percentile %4); this score is %5 sd above it.</source>
        <translation>对齐分数 &lt;b&gt;%1&lt;/b&gt;：所有隐式词元与完整推理的余弦相似度。句子库中随机句子对：均值 &lt;b&gt;%2&lt;/b&gt;（标准差 %3，第 95 百分位 %4）；该分数高出 %5 个标准差。</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Export the heatmap</source>
        <translation>导出热力图</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Reasoning steps:</source>
        <translation>推理步骤：</translation>
    </message>
    <message>
        <source>Ground truth (dataset)</source>
        <translation>标准答案（数据集）</translation>
    </message>
    <message>
        <source>Explicit CoT (teacher)</source>
        <translation>显式思维链（教师）</translation>
    </message>
    <message>
        <source>Export PNG...</source>
        <translation>导出 PNG...</translation>
    </message>
    <message>
        <source>Export SVG...</source>
        <translation>导出 SVG...</translation>
    </message>
    <message>
        <source>&lt;b&gt;Question:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;问题：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source>Ask a question in the Ask view: its implicit tokens are compared here with the reasoning steps.</source>
        <translation>请在“提问”视图中提出问题：其隐式词元会在此与推理步骤进行比较。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Question:&lt;/b&gt; %1 &lt;i&gt;(%2&apos;s latent tokens)&lt;/i&gt;</source>
        <translation>&lt;b&gt;问题：&lt;/b&gt;%1 &lt;i&gt;（%2 的潜在词元）&lt;/i&gt;</translation>
    </message>
    <message>
        <source>2-D projection (PCA): SemCoT&apos;s implicit tokens only; %1&apos;s latent tokens are not projected</source>
        <translation>二维投影（PCA）：仅包含 SemCoT 的隐式词元；%1 的潜在词元不参与投影</translation>
    </message>
    <message>
        <source>Alignment score &lt;b&gt;%1&lt;/b&gt;: cosine of all of %6&apos;s latent tokens with the whole reasoning. Random sentence pairs of the bank: mean &lt;b&gt;%2&lt;/b&gt; (sd %3, 95th percentile %4); this score is %5 sd above it.</source>
        <translation>对齐分数 &lt;b&gt;%1&lt;/b&gt;：%6 的全部潜在词元与完整推理的余弦相似度。句子库中随机句子对：均值 &lt;b&gt;%2&lt;/b&gt;（标准差 %3，第 95 百分位 %4）；该分数高出 %5 个标准差。</translation>
    </message>
    <message>
        <source>Decoded from the implicit tokens alone (a probe):</source>
        <translation>仅从隐式词元解码（探针）：</translation>
    </message>
    <message>
        <source>Decoded from the latent tokens alone (a probe):</source>
        <translation>仅从潜在词元解码（探针）：</translation>
    </message>
    <message>
        <source>Same as reasoning step %1</source>
        <translation>与推理步骤 %1 相同</translation>
    </message>
</context>
<context>
    <name>semcot::ui::AskView</name>
    <message>
        <source>correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>incorrect</source>
        <translation>错误</translation>
    </message>
    <message numerus="yes">
        <source>Free question (or pick one of the %n test question(s))</source>
        <translation>
            <numerusform>自由提问（或从 %n 个测试问题中选择一个）</numerusform>
        </translation>
    </message>
    <message>
        <source>Gold answer: &lt;b&gt;%1&lt;/b&gt; (test question #%2)</source>
        <translation>标准答案：&lt;b&gt;%1&lt;/b&gt;（测试问题 #%2）</translation>
    </message>
    <message>
        <source>Free question: no gold answer</source>
        <translation>自由提问：没有标准答案</translation>
    </message>
    <message>
        <source>Waiting for the explicit chain of thought...</source>
        <translation>正在等待显式思维链...</translation>
    </message>
    <message numerus="yes">
        <source>Answer: &lt;b&gt;%1&lt;/b&gt;  %2&lt;br&gt;&lt;span style=&apos;color:gray&apos;&gt;%3 ms (%n token(s))&lt;/span&gt;</source>
        <translation>
            <numerusform>答案：&lt;b&gt;%1&lt;/b&gt;  %2&lt;br&gt;&lt;span style=&apos;color:gray&apos;&gt;%3 毫秒（%n 个词元）&lt;/span&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generating %n implicit token(s)...</source>
        <translation>
            <numerusform>正在生成 %n 个隐式词元...</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1x&lt;/b&gt; faster than the explicit CoT</source>
        <translation>比显式思维链快 &lt;b&gt;%1 倍&lt;/b&gt;</translation>
    </message>
    <message numerus="yes">
        <source>Decoding the %n implicit token(s) against the sentence bank...</source>
        <translation>
            <numerusform>正在用句子库解码 %n 个隐式词元...</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Type a question, or pick one from the test set</source>
        <translation>输入问题，或从测试集中选择一个</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop generating (Esc)</source>
        <translation>停止生成（Esc）</translation>
    </message>
    <message>
        <source>Explicit chain of thought (the teacher writes its reasoning)</source>
        <translation>显式思维链（教师模型写出推理过程）</translation>
    </message>
    <message numerus="yes">
        <source>SemCoT: %n implicit token(s), nearest sentences</source>
        <translation>
            <numerusform>SemCoT：%n 个隐式词元及其最近邻句子</numerusform>
        </translation>
    </message>
    <message>
        <source>Press Run to see the implicit tokens.</source>
        <translation>点击“运行”查看隐式词元。</translation>
    </message>
    <message>
        <source>Not run yet: the answers below are for another question (&quot;%1&quot;). Press Run to answer the question above.</source>
        <translation>尚未运行：下方的答案属于另一个问题（“%1”）。点击“运行”回答上方的问题。</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>正在停止...</translation>
    </message>
    <message>
        <source>Type a question first, or pick one from the test set.</source>
        <translation>请先输入问题，或从测试集中选择一个。</translation>
    </message>
    <message>
        <source>No run is open: open one first (Ctrl+O).</source>
        <translation>未打开任何运行：请先打开一个（Ctrl+O）。</translation>
    </message>
    <message>
        <source>Stopped before the implicit tokens were decoded.</source>
        <translation>在隐式词元解码之前已停止。</translation>
    </message>
    <message>
        <source>(no answer found)</source>
        <translation>（未找到答案）</translation>
    </message>
    <message numerus="yes">
        <source>Stopped after %n token(s): no answer.</source>
        <translation>
            <numerusform>在 %n 个词元后停止：没有答案。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Not run yet: the right pane shows %1&apos;s answer. Press Run to answer with %2.</source>
        <translation>尚未运行：右侧窗格显示的是 %1 的答案。点击“运行”以用 %2 作答。</translation>
    </message>
    <message>
        <source>Press Run to see %1&apos;s latent tokens.</source>
        <translation>点击“运行”查看 %1 的潜在词元。</translation>
    </message>
    <message>
        <source>Answering with %1...</source>
        <translation>正在用 %1 作答...</translation>
    </message>
    <message numerus="yes">
        <source>Decoding %1&apos;s %n latent token(s) against the sentence bank...</source>
        <translation>
            <numerusform>正在用句子库解码 %1 的 %n 个潜在词元...</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped before %1 answered.</source>
        <translation>在 %1 作答之前已停止。</translation>
    </message>
    <message>
        <source>Stopped before the latent tokens were decoded.</source>
        <translation>在潜在词元解码之前已停止。</translation>
    </message>
    <message>
        <source>The latent tokens could not be decoded: %1</source>
        <translation>无法解码潜在词元：%1</translation>
    </message>
    <message>
        <source>%1 ms: %2 ms implicit tokens, %3 ms prefill, %4 ms decode</source>
        <translation>%1 毫秒：隐式词元 %2 毫秒，预填充 %3 毫秒，解码 %4 毫秒</translation>
    </message>
    <message>
        <source>%1 ms: %2 ms latent tokens, %3 ms prefill, %4 ms decode</source>
        <translation>%1 毫秒：潜在词元 %2 毫秒，预填充 %3 毫秒，解码 %4 毫秒</translation>
    </message>
    <message>
        <source>%1 ms: %3 ms prefill, %4 ms decode</source>
        <translation>%1 毫秒：预填充 %3 毫秒，解码 %4 毫秒</translation>
    </message>
    <message>
        <source>Answer: &lt;b&gt;%1&lt;/b&gt;  %2</source>
        <translation>答案：&lt;b&gt;%1&lt;/b&gt;  %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1x&lt;/b&gt; slower than the explicit CoT</source>
        <translation>比显式思维链慢 &lt;b&gt;%1 倍&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Beside it:</source>
        <translation>并列方法：</translation>
    </message>
    <message>
        <source>The method that answers beside the explicit CoT</source>
        <translation>与显式思维链并列作答的方法</translation>
    </message>
    <message>
        <source>Answer with the explicit CoT and with %1 (Ctrl+Return)</source>
        <translation>分别用显式思维链和 %1 回答（Ctrl+回车）</translation>
    </message>
    <message>
        <source>%1: the answer (no latent tokens)</source>
        <translation>%1：答案（没有潜在词元）</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n latent token(s), nearest sentences</source>
        <translation>
            <numerusform>%1：%n 个潜在词元，最近的句子</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: latent tokens, nearest sentences</source>
        <translation>%1：潜在词元，最近的句子</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>干预</translation>
    </message>
    <message>
        <source>Answer this question with the latent tokens zeroed, replaced by another question&apos;s, or removed one at a time, and with them masked (control): the Diagnostics view shows the answers</source>
        <translation>在潜在 token 置零、替换为另一个问题的 token 或逐个移除的情况下回答此问题，并在遮蔽 token 时回答（对照）：诊断视图显示这些答案</translation>
    </message>
    <message>
        <source>&lt;b&gt;Decoded from the implicit tokens alone&lt;/b&gt; (a probe; generating...)</source>
        <translation>&lt;b&gt;仅从隐式词元解码&lt;/b&gt;（探针；正在生成...）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Decoded from the latent tokens alone&lt;/b&gt; (a probe; generating...)</source>
        <translation>&lt;b&gt;仅从潜在词元解码&lt;/b&gt;（探针；正在生成...）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Decoded from the implicit tokens alone&lt;/b&gt; (a probe)</source>
        <translation>&lt;b&gt;仅从隐式词元解码&lt;/b&gt;（探针）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Decoded from the latent tokens alone&lt;/b&gt; (a probe)</source>
        <translation>&lt;b&gt;仅从潜在词元解码&lt;/b&gt;（探针）</translation>
    </message>
    <message>
        <source>ROUGE-L %1, %2 of %3 steps in place</source>
        <translation>ROUGE-L %1，%3 个步骤中有 %2 个位置吻合</translation>
    </message>
    <message>
        <source>Test split: decoder ROUGE-L %1 vs another question&apos;s tokens %2, no tokens %3</source>
        <translation>测试集：解码器 ROUGE-L %1，对照：另一问题的词元 %2，无词元 %3</translation>
    </message>
    <message>
        <source>No trained decoder: &lt;code&gt;semcot train-decoder --run RUN&lt;/code&gt; reads the latent tokens back as text.</source>
        <translation>没有训练好的解码器：&lt;code&gt;semcot train-decoder --run RUN&lt;/code&gt; 可将潜在词元读回为文本。</translation>
    </message>
    <message>
        <source>The decoder failed: %1</source>
        <translation>解码器出错：%1</translation>
    </message>
</context>
<context>
    <name>semcot::ui::DiagnosticsView</name>
    <message>
        <source>Raw logit lens of one question, %1.</source>
        <translation>一个问题的原始 logit lens，%1。</translation>
    </message>
    <message>
        <source>Interventions on one question (&quot;another question&apos;s&quot; tokens are those of: %1).</source>
        <translation>对一个问题的干预（“另一个问题”的 token 来自：%1）。</translation>
    </message>
    <message numerus="yes">
        <source>%1 on the first %n question(s) of the %2 split.</source>
        <translation>
            <numerusform>%1，%2 划分的前 %n 个问题。</numerusform>
        </translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>L2 norm (mean ± sd)</source>
        <translation>L2 范数（均值 ± 标准差）</translation>
    </message>
    <message>
        <source>Norm 5th – 95th</source>
        <translation>范数第 5 – 95 百分位</translation>
    </message>
    <message>
        <source>Norm / embedding norm</source>
        <translation>范数 / 嵌入范数</translation>
    </message>
    <message>
        <source>Cosine across questions</source>
        <translation>跨问题余弦</translation>
    </message>
    <message>
        <source>Effective rank</source>
        <translation>有效秩</translation>
    </message>
    <message>
        <source>No statistics yet: press Diagnose.</source>
        <translation>尚无统计：请按“诊断”。</translation>
    </message>
    <message numerus="yes">
        <source>%1, %n question(s), k = %2. A cosine across questions near 1 means every question gets nearly the same token; an effective rank near 1 means the tokens lie on one line (exp of the entropy of the normalised singular values).</source>
        <translation>
            <numerusform>%1，%n 个问题，k = %2。跨问题余弦接近 1 表示每个问题得到几乎相同的 token；有效秩接近 1 表示这些 token 位于一条直线上（归一化奇异值熵的指数）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>At most %n (the questions)</source>
        <translation>
            <numerusform>最多 %n（问题数）</numerusform>
        </translation>
    </message>
    <message>
        <source>all positions</source>
        <translation>所有位置</translation>
    </message>
    <message>
        <source>teacher embedding rows</source>
        <translation>教师嵌入行</translation>
    </message>
    <message>
        <source>The teacher&apos;s own input embeddings: the scale a token of its vocabulary has</source>
        <translation>教师自身的输入嵌入：其词表中一个 token 的尺度</translation>
    </message>
    <message>
        <source>Mean cosine of random pairs of embedding rows</source>
        <translation>随机嵌入行对的平均余弦</translation>
    </message>
    <message>
        <source>Cosine between positions, mean over the questions:</source>
        <translation>位置之间的余弦，对问题取平均：</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>干预</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>已改变</translation>
    </message>
    <message>
        <source>Answer, tokens masked (control)</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>准确率 (%)</translation>
    </message>
    <message>
        <source>Change (points)</source>
        <translation>变化（百分点）</translation>
    </message>
    <message>
        <source>Answers changed</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Control: accuracy (%)</source>
        <translation>对照：准确率 (%)</translation>
    </message>
    <message>
        <source>Control: answers changed</source>
        <translation>对照：改变的答案</translation>
    </message>
    <message>
        <source>No interventions yet: press Diagnose, or Interventions in the Ask view for one question.</source>
        <translation>尚无干预：请按“诊断”，或在提问视图中对单个问题按“干预”。</translation>
    </message>
    <message>
        <source>The question: %1</source>
        <translation>问题：%1</translation>
    </message>
    <message>
        <source>The causal test: if the tokens carry the reasoning, zeroing or swapping them changes answers. In the control the teacher cannot attend to the tokens, so no answer may change there.</source>
        <translation>因果检验：如果 token 承载推理，将其置零或交换会改变答案。在对照中教师无法关注这些 token，因此那里不应有任何答案改变。</translation>
    </message>
    <message>
        <source>(no answer found)</source>
        <translation>（未找到答案）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>layer %1 (final norm)</source>
        <translation>第 %1 层（最终归一化）</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message numerus="yes">
        <source>Raw logit lens, %1, t%2: top %n token(s) and probabilities</source>
        <translation>
            <numerusform>原始 logit lens，%1，t%2：前 %n 个 token 及其概率</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: nothing is shown for an unfinished job.</source>
        <translation>已停止：未完成的任务不显示结果。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Copied the equivalent command to the clipboard.</source>
        <translation>已将等效命令复制到剪贴板。</translation>
    </message>
    <message>
        <source>Open a run first.</source>
        <translation>请先打开一个运行。</translation>
    </message>
    <message>
        <source>Type or pick a question for the logit lens.</source>
        <translation>请输入或选择一个用于 logit lens 的问题。</translation>
    </message>
    <message>
        <source>A diagnosis is running: stop it first.</source>
        <translation>诊断正在运行：请先停止。</translation>
    </message>
    <message>
        <source>%1 has no latent tokens to intervene on (or is not trained on this run).</source>
        <translation>%1 没有可干预的潜在 token（或未在此运行上训练）。</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>划分：</translation>
    </message>
    <message>
        <source>Questions:</source>
        <translation>问题数：</translation>
    </message>
    <message>
        <source>The first N questions of the split</source>
        <translation>该划分的前 N 个问题</translation>
    </message>
    <message>
        <source>Masked control</source>
        <translation>遮蔽对照</translation>
    </message>
    <message>
        <source>Also run every intervention with the tokens masked from the teacher&apos;s attention: a control in which no answer may change</source>
        <translation>同时在教师注意力中遮蔽 token 后运行每个干预：一个不应改变任何答案的对照</translation>
    </message>
    <message>
        <source>Diagnose</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Copy as command</source>
        <translation>复制为命令</translation>
    </message>
    <message>
        <source>Copies the equivalent `semcot diagnose` command</source>
        <translation>复制等效的 `semcot diagnose` 命令</translation>
    </message>
    <message>
        <source>Token statistics</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>干预</translation>
    </message>
    <message>
        <source>Raw logit lens</source>
        <translation>原始 logit lens</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>Show the lens</source>
        <translation>显示 lens</translation>
    </message>
    <message>
        <source>Raw logit lens (nostalgebraist 2020): the teacher&apos;s hidden state at each latent position after every layer, through its final norm and LM head, with no learnt translator (not the tuned lens). Early layers rarely decode to meaningful tokens. Hover a cell for the top-k.</source>
        <translation>原始 logit lens</translation>
    </message>
    <message>
        <source>Choose a method and press Diagnose.</source>
        <translation>选择一种方法并按“诊断”。</translation>
    </message>
</context>
<context>
    <name>semcot::ui::DiagnosticsWorker</name>
    <message>
        <source>Loading the run</source>
        <translation>正在加载运行</translation>
    </message>
    <message>
        <source>Raw logit lens</source>
        <translation>原始 logit lens</translation>
    </message>
    <message>
        <source>Interventions</source>
        <translation>干预</translation>
    </message>
    <message>
        <source>Token statistics</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Control: tokens masked from attention</source>
        <translation>对照：token 在注意力中被遮蔽</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>semcot::ui::EvaluationView</name>
    <message>
        <source>The evaluation failed: %1</source>
        <translation>评估失败：%1</translation>
    </message>
    <message>
        <source>Choose at least one method.</source>
        <translation>请至少选择一种方法。</translation>
    </message>
    <message>
        <source>Evaluating...</source>
        <translation>正在评估...</translation>
    </message>
    <message>
        <source>Stopped early: the tables summarise the samples done.</source>
        <translation>已提前停止：表格汇总了已完成的样本。</translation>
    </message>
    <message>
        <source>accuracy %</source>
        <translation>准确率 %</translation>
    </message>
    <message>
        <source>95% CI low</source>
        <translation>95% 置信区间下限</translation>
    </message>
    <message>
        <source>mean ms</source>
        <translation>平均毫秒</translation>
    </message>
    <message>
        <source>median ms</source>
        <translation>中位数毫秒</translation>
    </message>
    <message>
        <source>Accuracy (%) with the lower end of its 95% interval</source>
        <translation>准确率（%）及其 95% 区间下限</translation>
    </message>
    <message>
        <source>Latency per question (ms)</source>
        <translation>每个问题的延迟（毫秒）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Save the evaluation</source>
        <translation>保存评估结果</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>No run open.</source>
        <translation>未打开任何运行。</translation>
    </message>
    <message>
        <source>Evaluating &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>正在评估 &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>数据划分：</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Questions (0 = all):</source>
        <translation>问题数（0 = 全部）：</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Save JSON...</source>
        <translation>保存 JSON...</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>Accuracy [95% CI]</source>
        <translation>准确率 [95% 置信区间]</translation>
    </message>
    <message>
        <source>Mean ms</source>
        <translation>平均毫秒</translation>
    </message>
    <message>
        <source>Median ms</source>
        <translation>中位数毫秒</translation>
    </message>
    <message>
        <source>Implicit ms</source>
        <translation>隐式毫秒</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>Speed-up vs CoT</source>
        <translation>相对思维链的加速比</translation>
    </message>
    <message>
        <source>Samples:</source>
        <translation>样本：</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>correct only</source>
        <translation>仅正确</translation>
    </message>
    <message>
        <source>incorrect only</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>every method</source>
        <translation>所有方法</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>标准答案</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Choose the methods and press Evaluate.</source>
        <translation>选择方法后点击“评估”。</translation>
    </message>
    <message>
        <source>Accuracy (%): run an evaluation</source>
        <translation>准确率（%）：请先运行评估</translation>
    </message>
    <message>
        <source>Latency per question (ms): run an evaluation</source>
        <translation>每个问题的延迟（毫秒）：请先运行评估</translation>
    </message>
    <message>
        <source>Double-click a sample to answer it in the Ask view.</source>
        <translation>双击一个样本，在“提问”视图中回答它。</translation>
    </message>
    <message>
        <source>Its training on this run was interrupted: resume it with New training run (%1, &quot;Continue the interrupted training&quot;).</source>
        <translation>它在此运行上的训练已中断：请通过“新建训练运行”继续（%1，“继续中断的训练”）。</translation>
    </message>
    <message>
        <source>Not trained on this run. Train it with New training run (method %1) or on the command line:
%2</source>
        <translation>未在此运行上训练。请通过“新建训练运行”（方法 %1）或在命令行中训练：
%2</translation>
    </message>
    <message>
        <source>RUN</source>
        <translation>RUN</translation>
    </message>
    <message>
        <source>Methods:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Copy as command</source>
        <translation>复制为命令</translation>
    </message>
    <message>
        <source>Copies the semcot eval command that evaluates as Evaluate does; the evaluation&apos;s provenance records it.</source>
        <translation>复制与“评估”按钮效果相同的 semcot eval 命令；评估的来源信息会记录该命令。</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Where it fails</source>
        <translation>出错之处</translation>
    </message>
</context>
<context>
    <name>semcot::ui::EvaluationWorker</name>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
</context>
<context>
    <name>semcot::ui::FailureBrowser</name>
    <message>
        <source>gold %1, answered %2</source>
        <translation>标准答案 %1，回答 %2</translation>
    </message>
    <message>
        <source>%1 = %2</source>
        <translation>%1 = %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>gold answer</source>
        <translation>标准答案</translation>
    </message>
    <message>
        <source>question length</source>
        <translation>问题长度</translation>
    </message>
    <message>
        <source>feature: %1</source>
        <translation>特征：%1</translation>
    </message>
    <message>
        <source>gold %1</source>
        <translation>标准答案 %1</translation>
    </message>
    <message>
        <source>answered %1</source>
        <translation>回答 %1</translation>
    </message>
    <message>
        <source>Answer (%1)</source>
        <translation>回答（%1）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Click a slice or a cell of the confusion table to list its questions.</source>
        <translation>点击一个切片或混淆表中的一个单元格以列出其问题。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n question(s); double-click one to answer it in the Ask view.</source>
        <translation>
            <numerusform>%1：%n 个问题；双击其中一个以在提问视图中回答。</numerusform>
        </translation>
    </message>
    <message>
        <source>Where it fails:</source>
        <translation>出错之处：</translation>
    </message>
    <message>
        <source>by</source>
        <translation>按</translation>
    </message>
    <message>
        <source>beside:</source>
        <translation>对照：</translation>
    </message>
    <message>
        <source>A second method whose answers to the same questions are listed</source>
        <translation>列出其对相同问题之回答的第二种方法</translation>
    </message>
    <message>
        <source>Accuracy by slice (95% Wilson interval)</source>
        <translation>按切片的准确率（95% Wilson 区间）</translation>
    </message>
    <message>
        <source>Gold (rows) against the extracted answer (columns)</source>
        <translation>标准答案（行）对比提取的答案（列）</translation>
    </message>
    <message>
        <source>Open in Ask</source>
        <translation>在提问中打开</translation>
    </message>
    <message>
        <source>Slice</source>
        <translation>切片</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>Accuracy [95% CI]</source>
        <translation>准确率 [95% CI]</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>标准答案</translation>
    </message>
</context>
<context>
    <name>semcot::ui::ImplicitTokenChip</name>
    <message>
        <source>Nearest sentences (cosine)</source>
        <translation>最近邻句子（余弦）</translation>
    </message>
    <message>
        <source>Random sentence pairs score %1 on average.</source>
        <translation>随机句子对的平均得分为 %1。</translation>
    </message>
    <message>
        <source>Logit lens (raw)</source>
        <translation>Logit 透镜（原始）</translation>
    </message>
    <message>
        <source>cos %1</source>
        <translation>cos %1</translation>
    </message>
    <message>
        <source>no neighbours</source>
        <translation>没有近邻</translation>
    </message>
</context>
<context>
    <name>semcot::ui::InferenceWorker</name>
    <message>
        <source>No run is open.</source>
        <translation>未打开任何运行。</translation>
    </message>
    <message>
        <source>Explicit chain of thought</source>
        <translation>显式思维链</translation>
    </message>
    <message>
        <source>Building the sentence bank</source>
        <translation>正在构建句子库</translation>
    </message>
    <message>
        <source>Decoding the implicit tokens</source>
        <translation>正在解码隐式词元</translation>
    </message>
    <message numerus="yes">
        <source>%n bank sentence(s)</source>
        <translation>
            <numerusform>句子库中 %n 个句子</numerusform>
        </translation>
    </message>
    <message>
        <source>Projecting to 2-D</source>
        <translation>正在投影到二维</translation>
    </message>
    <message>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <source>This run has no sentence transformer, so latent tokens cannot be decoded.</source>
        <translation>此运行没有句子编码器（ST），因此无法解码潜在词元。</translation>
    </message>
    <message>
        <source>Decoding the latent tokens</source>
        <translation>正在解码潜在词元</translation>
    </message>
    <message>
        <source>Loading the decoder</source>
        <translation>正在加载解码器</translation>
    </message>
    <message>
        <source>Decoding the reasoning from the latent tokens</source>
        <translation>正在从潜在词元解码推理</translation>
    </message>
</context>
<context>
    <name>semcot::ui::LatencyChart</name>
    <message>
        <source>This question (ms)</source>
        <translation>本问题（毫秒）</translation>
    </message>
    <message>
        <source>Session history: total ms per question</source>
        <translation>会话历史：每个问题的总毫秒数</translation>
    </message>
    <message>
        <source>Implicit tokens</source>
        <translation>隐式词元</translation>
    </message>
    <message>
        <source>Prefill</source>
        <translation>预填充</translation>
    </message>
    <message>
        <source>Decode</source>
        <translation>解码</translation>
    </message>
    <message>
        <source>question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Latent tokens</source>
        <translation>潜在词元</translation>
    </message>
</context>
<context>
    <name>semcot::ui::LossChart</name>
    <message>
        <source>optimizer step</source>
        <translation>优化步</translation>
    </message>
</context>
<context>
    <name>semcot::ui::MainWindow</name>
    <message>
        <source>Loading %1...</source>
        <translation>正在加载 %1...</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Training finished; the new run is open.</source>
        <translation>训练完成；新运行已打开。</translation>
    </message>
    <message>
        <source>Open a SemCoT run</source>
        <translation>打开 SemCoT 运行</translation>
    </message>
    <message>
        <source>No run open. Open one with Ctrl+O or drop its folder here.</source>
        <translation>未打开任何运行。按 Ctrl+O 打开，或将其文件夹拖放到此处。</translation>
    </message>
    <message>
        <source>Run: %1   Device: %2</source>
        <translation>运行：%1   设备：%2</translation>
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
        <translation>提问</translation>
    </message>
    <message>
        <source>Alignment</source>
        <translation>对齐</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open run...</source>
        <translation>打开运行(&amp;O)...</translation>
    </message>
    <message>
        <source>Open the &amp;shipped tiny run</source>
        <translation>打开随附的小型运行(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New training run...</source>
        <translation>新建训练运行(&amp;N)...</translation>
    </message>
    <message>
        <source>&amp;Export report...</source>
        <translation>导出报告(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Run the current view&apos;s job (Ctrl+Return)</source>
        <translation>运行当前视图的任务（Ctrl+回车）</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Stop the current view&apos;s job (Esc)</source>
        <translation>停止当前视图的任务（Esc）</translation>
    </message>
    <message>
        <source>&amp;Ask</source>
        <translation>提问(&amp;A)</translation>
    </message>
    <message>
        <source>A&amp;lignment</source>
        <translation>对齐(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>R&amp;uns</source>
        <translation>运行记录(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Evaluation</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <source>Open the &amp;log file</source>
        <translation>打开日志文件(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About SemCoT Studio</source>
        <translation>关于 SemCoT Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>训练进行中</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it at a safe point (it stays resumable) and quit?</source>
        <translation>有训练运行正在进行。是否在安全点停止（之后可继续）并退出？</translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>A training run is in progress: stop it first.</source>
        <translation>有训练运行正在进行：请先停止它。</translation>
    </message>
    <message>
        <source>%1 finished training on %2; the Ask and Evaluation views offer it.</source>
        <translation>%1 已在 %2 上完成训练；“提问”和“评估”视图中可以使用它。</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>&amp;Diagnostics</source>
        <translation>诊断(&amp;D)</translation>
    </message>
</context>
<context>
    <name>semcot::ui::MethodChoice</name>
    <message>
        <source>The run&apos;s contemplation generator writes implicit tokens that the teacher reads before it answers</source>
        <translation>运行的沉思生成器写出隐式词元，教师在作答前读取它们</translation>
    </message>
    <message>
        <source>The teacher answers at once, without reasoning</source>
        <translation>教师直接作答，不进行推理</translation>
    </message>
    <message>
        <source>%1 (not trained)</source>
        <translation>%1（未训练）</translation>
    </message>
    <message>
        <source>Its training on this run was interrupted: resume it with New training run (%1, &quot;Continue the interrupted training&quot;).</source>
        <translation>它在此运行上的训练已中断：请通过“新建训练运行”继续（%1，“继续中断的训练”）。</translation>
    </message>
    <message>
        <source>Not trained on this run. Train it with New training run (method %1) or on the command line:
%2</source>
        <translation>未在此运行上训练。请通过“新建训练运行”（方法 %1）或在命令行中训练：
%2</translation>
    </message>
    <message>
        <source>RUN</source>
        <translation>RUN</translation>
    </message>
</context>
<context>
    <name>semcot::ui::Methods</name>
    <message>
        <source>Explicit CoT</source>
        <translation>显式思维链</translation>
    </message>
    <message>
        <source>No-CoT</source>
        <translation>无思维链</translation>
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
        <translation>无思维链没有潜在词元：教师读完问题后直接写出答案。</translation>
    </message>
    <message>
        <source>ICoT-SI has no latent tokens: its reasoning was internalised into the fine-tuned teacher&apos;s weights, so nothing stands between the question and the answer to decode.</source>
        <translation>ICoT-SI 没有潜在词元：它的推理已内化到微调后教师的权重中，因此问题与答案之间没有可解码的内容。</translation>
    </message>
    <message>
        <source>Explicit CoT writes its reasoning as text: it has no latent tokens.</source>
        <translation>显式思维链以文本写出推理：它没有潜在词元。</translation>
    </message>
    <message>
        <source>%1 holds a SemCoT run, not SoftCoT</source>
        <translation>%1 包含的是 SemCoT 运行，而不是 SoftCoT</translation>
    </message>
    <message>
        <source>%1: unreadable (%2)</source>
        <translation>%1：无法读取（%2）</translation>
    </message>
    <message>
        <source>%1: interrupted; New training run &gt; %1 with &quot;Continue the interrupted training&quot; resumes it</source>
        <translation>%1：已中断；在“新建训练运行” &gt; %1 中勾选“继续中断的训练”即可继续</translation>
    </message>
    <message>
        <source>%1: not trained</source>
        <translation>%1：未训练</translation>
    </message>
    <message>
        <source>trained in %1 s</source>
        <translation>训练用时 %1 秒</translation>
    </message>
    <message>
        <source>best validation loss %1</source>
        <translation>最佳验证损失 %1</translation>
    </message>
    <message>
        <source>%1: being trained right now (%2)</source>
        <translation>%1：正在训练中（%2）</translation>
    </message>
</context>
<context>
    <name>semcot::ui::PairedTable</name>
    <message>
        <source>%1 vs %2</source>
        <translation>%1 对 %2</translation>
    </message>
    <message>
        <source>Exact binomial McNemar test on the %1 questions only one method got right (fewer than 25).</source>
        <translation>对仅有一种方法答对的 %1 个问题做精确二项 McNemar 检验（少于 25 个）。</translation>
    </message>
    <message>
        <source>McNemar chi-square test with continuity correction on the %1 questions only one method got right.</source>
        <translation>对仅有一种方法答对的 %1 个问题做带连续性校正的 McNemar 卡方检验。</translation>
    </message>
    <message>
        <source>Accuracy of %1 minus %2, in percentage points, with the 95% paired bootstrap interval.</source>
        <translation>%1 的准确率减去 %2 的准确率（百分点），附 95% 配对自助法区间。</translation>
    </message>
    <message>
        <source>Paired on the same questions: A vs B</source>
        <translation>在相同问题上配对：A 对 B</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Accuracy A</source>
        <translation>准确率 A</translation>
    </message>
    <message>
        <source>Accuracy B</source>
        <translation>准确率 B</translation>
    </message>
    <message>
        <source>A only</source>
        <translation>仅 A</translation>
    </message>
    <message>
        <source>B only</source>
        <translation>仅 B</translation>
    </message>
    <message>
        <source>McNemar p</source>
        <translation>McNemar p</translation>
    </message>
    <message>
        <source>A - B [95% CI]</source>
        <translation>A - B [95% CI]</translation>
    </message>
    <message>
        <source>A ms ± sd</source>
        <translation>A 毫秒 ± 标准差</translation>
    </message>
    <message>
        <source>B ms ± sd</source>
        <translation>B 毫秒 ± 标准差</translation>
    </message>
    <message>
        <source>Questions A answered right and B wrong</source>
        <translation>A 答对而 B 答错的问题</translation>
    </message>
    <message>
        <source>Latency of A per question: mean ± sd, ms</source>
        <translation>A 每个问题的延迟：均值 ± 标准差，毫秒</translation>
    </message>
    <message>
        <source>Latency of B per question: mean ± sd, ms</source>
        <translation>B 每个问题的延迟：均值 ± 标准差，毫秒</translation>
    </message>
    <message>
        <source>Questions B answered right and A wrong</source>
        <translation>B 答对而 A 答错的问题</translation>
    </message>
</context>
<context>
    <name>semcot::ui::ProjectionScatter</name>
    <message>
        <source>bank sentences</source>
        <translation>句子库中的句子</translation>
    </message>
    <message>
        <source>other questions&apos; tokens</source>
        <translation>其他问题的词元</translation>
    </message>
    <message>
        <source>this question&apos;s implicit tokens</source>
        <translation>本问题的隐式词元</translation>
    </message>
    <message>
        <source>this question, pooled</source>
        <translation>本问题（汇总）</translation>
    </message>
    <message>
        <source>2-D projection (PCA): ask a question first</source>
        <translation>二维投影（PCA）：请先提问</translation>
    </message>
    <message>
        <source>2-D projection (PCA) of ST embeddings; hover for the text</source>
        <translation>ST 嵌入的二维投影（PCA）；悬停可查看文本</translation>
    </message>
    <message>
        <source>PC1 (%1% of variance)</source>
        <translation>主成分 1（方差的 %1%）</translation>
    </message>
    <message>
        <source>PC2 (%1%)</source>
        <translation>主成分 2（%1%）</translation>
    </message>
</context>
<context>
    <name>semcot::ui::ReportExportDialog</name>
    <message>
        <source>Add at least one run folder.</source>
        <translation>请至少添加一个运行文件夹。</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>报告已写入 %1</translation>
    </message>
    <message>
        <source>Export stopped.</source>
        <translation>导出已停止。</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>正在停止...</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Runs, side by side in one report:</source>
        <translation>运行（在同一报告中并排对比）：</translation>
    </message>
    <message>
        <source>Add run...</source>
        <translation>添加运行...</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Questions to evaluate:</source>
        <translation>评估的问题数：</translation>
    </message>
    <message>
        <source>Example questions:</source>
        <translation>示例问题数：</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>Questions of the test split evaluated with each method</source>
        <translation>用每种方法评估的测试集问题</translation>
    </message>
    <message>
        <source>Explain the examples (implicit tokens, nearest sentences, heatmaps)</source>
        <translation>解释示例（隐式词元、最近邻句子、热力图）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Evaluating %1</source>
        <translation>正在评估 %1</translation>
    </message>
    <message>
        <source>Explaining the examples of %1</source>
        <translation>正在解释 %1 的示例</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message>
        <source>Writing %1</source>
        <translation>正在写入 %1</translation>
    </message>
    <message>
        <source>Drawing the charts</source>
        <translation>正在绘制图表</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Latent-token diagnostics:</source>
        <translation>潜在 token 诊断：</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source> questions</source>
        <translation> 个问题</translation>
    </message>
    <message>
        <source>Token statistics, interventions beside the masked control and the logit lens of every method over this many questions (as semcot report --diagnostics N); slower</source>
        <translation>在这么多问题上对每种方法做 token 统计、与遮蔽对照并列的干预以及 logit lens（同 semcot report --diagnostics N）；较慢</translation>
    </message>
</context>
<context>
    <name>semcot::ui::RunCurvesPanel</name>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>optimizer step</source>
        <translation>优化器步数</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Stage %1</source>
        <translation>阶段 %1</translation>
    </message>
    <message>
        <source>Select runs in the table to overlay their training curves.</source>
        <translation>在表格中选择运行以叠加显示它们的训练曲线。</translation>
    </message>
    <message>
        <source>No training log (%1) in: %2. Runs trained before the log was written have only their summaries.</source>
        <translation>以下运行没有训练日志（%1）：%2。在写入该日志之前训练的运行只有摘要。</translation>
    </message>
    <message>
        <source>Unreadable logs: %1</source>
        <translation>无法读取的日志：%1</translation>
    </message>
    <message>
        <source>Curves of the selected runs, stage:</source>
        <translation>所选运行的曲线，阶段：</translation>
    </message>
    <message>
        <source>by step</source>
        <translation>按步数</translation>
    </message>
    <message>
        <source>by epoch</source>
        <translation>按轮次</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>TensorBoard&apos;s smoothing: the weight of a debiased exponential moving average (0 = raw). The raw curve stays faint behind.</source>
        <translation>TensorBoard 式平滑：去偏指数移动平均的权重（0 = 原始值）。原始曲线以淡色保留在后面。</translation>
    </message>
</context>
<context>
    <name>semcot::ui::RunsView</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>interrupted (resumable)</source>
        <translation>已中断（可继续）</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>无效：%1</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>对比运行</translation>
    </message>
    <message>
        <source>Settings that differ, and the training summaries.</source>
        <translation>不同的设置以及训练摘要。</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>%1 ships with SemCoT Studio and is not deleted.</source>
        <translation>%1 随 SemCoT Studio 提供，不会被删除。</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run folder(s) and everything in them? This cannot be undone.

%1</source>
        <translation>
            <numerusform>删除 %n 个运行文件夹及其全部内容？此操作无法撤销。

%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not delete all of %1.</source>
        <translation>无法完全删除 %1。</translation>
    </message>
    <message>
        <source>Run folder:</source>
        <translation>运行文件夹：</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>Best val. loss (CG)</source>
        <translation>最佳验证损失（CG）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Delete...</source>
        <translation>删除...</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>no reason recorded</source>
        <translation>未记录原因</translation>
    </message>
    <message>
        <source>unknown status &quot;%1&quot;</source>
        <translation>未知状态“%1”</translation>
    </message>
    <message>
        <source>Runs in the run folder, runs started or opened elsewhere, and the shipped runs; double-click opens one.</source>
        <translation>运行文件夹中的运行、在其他位置启动或打开过的运行，以及随附的运行；双击即可打开。</translation>
    </message>
    <message>
        <source>Where new runs go and where this list looks (saved)</source>
        <translation>新运行的保存位置，也是此列表查找的位置（会被保存）</translation>
    </message>
    <message>
        <source>%1 (interrupted)</source>
        <translation>%1（已中断）</translation>
    </message>
    <message>
        <source>No baseline trained on this run (New training run &gt; Method)</source>
        <translation>此运行上尚未训练任何基线（“新建训练运行” &gt; 方法）</translation>
    </message>
    <message>
        <source>Baselines</source>
        <translation>基线</translation>
    </message>
    <message numerus="yes">
        <source>%n runs that differ only by seed:</source>
        <translation>
            <numerusform>%n 个仅种子不同的运行：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accuracy in %, over %n run(s) (mean ± sample sd); from:
%1</source>
        <translation>
            <numerusform>准确率（%），基于 %n 个运行（均值 ± 样本标准差）；来源：
%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mean latency per question in ms, over %n run(s)</source>
        <translation>
            <numerusform>每个问题的平均延迟（毫秒），基于 %n 个运行</numerusform>
        </translation>
    </message>
    <message>
        <source>Unreadable evaluations:
%1</source>
        <translation>无法读取的评估：
%1</translation>
    </message>
    <message>
        <source>The preset has the values most listed runs have</source>
        <translation>该预设的取值与大多数列出的运行相同</translation>
    </message>
    <message>
        <source>Acc. %1 (%)</source>
        <translation>准确率 %1 (%)</translation>
    </message>
    <message>
        <source>Latency %1 (ms)</source>
        <translation>延迟 %1 (ms)</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Preset differences</source>
        <translation>预设差异</translation>
    </message>
    <message>
        <source>Group by seed</source>
        <translation>按种子分组</translation>
    </message>
    <message>
        <source>training now (pid %1 on %2)</source>
        <translation>正在训练（%2 上的 PID %1）</translation>
    </message>
    <message>
        <source>training now (by another process)</source>
        <translation>正在训练（由另一个进程）</translation>
    </message>
    <message>
        <source>Being trained right now: %1</source>
        <translation>正在训练中：%1</translation>
    </message>
    <message>
        <source>%1 (training now)</source>
        <translation>%1（正在训练）</translation>
    </message>
    <message>
        <source>%1 is being trained right now (%2) and is not deleted; stop that training first.</source>
        <translation>%1 正在训练中（%2），不会被删除；请先停止该训练。</translation>
    </message>
    <message>
        <source>One row for finished runs whose task, preset and data-parallel world size are equal (they differ only by seed): each number is the mean ± sample standard deviation over them. Failed and unfinished runs keep their own rows.</source>
        <translation>任务、预设和数据并行进程数都相同（仅种子不同）的已完成运行合为一行：每个数字是它们的均值 ± 样本标准差。失败和未完成的运行各占一行。</translation>
    </message>
</context>
<context>
    <name>semcot::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>CPU threads (0 = default):</source>
        <translation>CPU 线程数（0 = 默认）：</translation>
    </message>
    <message>
        <source>Default run folder:</source>
        <translation>默认运行文件夹：</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Automatic (CUDA available)</source>
        <translation>自动（CUDA 可用）</translation>
    </message>
    <message>
        <source>Automatic (CPU: no CUDA device)</source>
        <translation>自动（CPU：无 CUDA 设备）</translation>
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
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Applies to runs opened and jobs started from now on.</source>
        <translation>适用于此后打开的运行和启动的任务。</translation>
    </message>
</context>
<context>
    <name>semcot::ui::TrainingDialog</name>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>Teacher model folder:</source>
        <translation>教师模型文件夹：</translation>
    </message>
    <message>
        <source>Student model folder:</source>
        <translation>学生模型文件夹：</translation>
    </message>
    <message>
        <source>Training stages:</source>
        <translation>训练阶段：</translation>
    </message>
    <message>
        <source>Alpha (reasoning weight):</source>
        <translation>Alpha（推理权重）：</translation>
    </message>
    <message>
        <source>Implicit tokens:</source>
        <translation>隐式词元数：</translation>
    </message>
    <message>
        <source>ST temperature:</source>
        <translation>ST 温度：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Output folder:</source>
        <translation>输出文件夹：</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>inference</source>
        <translation>推理</translation>
    </message>
    <message>
        <source>Preset file</source>
        <translation>预设文件</translation>
    </message>
    <message>
        <source>Presets (*.json)</source>
        <translation>预设 (*.json)</translation>
    </message>
    <message>
        <source>%1 is not a valid preset: %2</source>
        <translation>%1 不是有效的预设：%2</translation>
    </message>
    <message>
        <source>No such folder.</source>
        <translation>文件夹不存在。</translation>
    </message>
    <message>
        <source>Not a model folder: config.json is missing.</source>
        <translation>不是模型文件夹：缺少 config.json。</translation>
    </message>
    <message>
        <source>Give both the teacher and the student folder, or neither (both are then trained from scratch).</source>
        <translation>请同时指定教师和学生文件夹，或都不指定（此时两者都从头训练）。</translation>
    </message>
    <message>
        <source>This preset has no model shapes: choose a teacher and a student.</source>
        <translation>此预设没有模型结构：请选择教师和学生模型。</translation>
    </message>
    <message>
        <source>Choose a folder for the run.</source>
        <translation>请为运行选择一个文件夹。</translation>
    </message>
    <message>
        <source>A file with this name exists.</source>
        <translation>已存在同名文件。</translation>
    </message>
    <message>
        <source>New training run</source>
        <translation>新建训练运行</translation>
    </message>
    <message>
        <source>ST stage 1 (projection)</source>
        <translation>ST 阶段 1（投影）</translation>
    </message>
    <message>
        <source>ST stage 2 (layers)</source>
        <translation>ST 阶段 2（层）</translation>
    </message>
    <message>
        <source>CG stage 1 (warm-up)</source>
        <translation>CG 阶段 1（预热）</translation>
    </message>
    <message>
        <source>CG stage 2 (full)</source>
        <translation>CG 阶段 2（完整）</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>自动（可用时使用 CUDA）</translation>
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
        <translation>留空：从头训练（小型预设）</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Load preset file...</source>
        <translation>加载预设文件...</translation>
    </message>
    <message>
        <source>Ablations:</source>
        <translation>消融实验：</translation>
    </message>
    <message>
        <source>Base run (optional):</source>
        <translation>基础运行（可选）：</translation>
    </message>
    <message>
        <source>Not a SemCoT run: run.json is missing or unreadable.</source>
        <translation>不是 SemCoT 运行：缺少 run.json 或无法读取。</translation>
    </message>
    <message>
        <source>The base run has not finished training.</source>
        <translation>基础运行尚未完成训练。</translation>
    </message>
    <message>
        <source>Continuing a generator needs a base run.</source>
        <translation>继续训练生成器需要一个基础运行。</translation>
    </message>
    <message>
        <source>Continue the base run&apos;s generator (instead of a fresh one)</source>
        <translation>继续训练基础运行的生成器（而不是新建一个）</translation>
    </message>
    <message>
        <source>No sentence transformer</source>
        <translation>不使用句子编码器</translation>
    </message>
    <message>
        <source>Align mean-pooled teacher states instead of sentence embeddings</source>
        <translation>对齐教师模型的平均池化状态，而不是句子嵌入</translation>
    </message>
    <message>
        <source>No warm-up stage</source>
        <translation>不使用预热阶段</translation>
    </message>
    <message>
        <source>Teacher as generator</source>
        <translation>以教师模型作为生成器</translation>
    </message>
    <message>
        <source>The contemplation generator is a copy of the teacher</source>
        <translation>沉思生成器是教师模型的副本</translation>
    </message>
    <message>
        <source>empty: train all; a finished run: train only its generator</source>
        <translation>留空：训练全部；已完成的运行：只训练其生成器</translation>
    </message>
    <message>
        <source>The base run has no finished %1 stage.</source>
        <translation>基础运行没有已完成的 %1 阶段。</translation>
    </message>
    <message>
        <source>The base run lacks %1.</source>
        <translation>基础运行缺少 %1。</translation>
    </message>
    <message>
        <source>The base run keeps no student to train a new generator from.</source>
        <translation>基础运行没有保留可用于训练新生成器的学生模型。</translation>
    </message>
    <message>
        <source>The base run&apos;s generator is incomplete (%1 is missing), so it cannot be continued.</source>
        <translation>基础运行的生成器不完整（缺少 %1），因此无法继续训练。</translation>
    </message>
    <message>
        <source>%1: the learning rate must be a number above 0 (not &quot;%2&quot;).</source>
        <translation>%1：学习率必须是大于 0 的数（而不是“%2”）。</translation>
    </message>
    <message>
        <source>%1: the weight decay must be a number, 0 or more (not &quot;%2&quot;).</source>
        <translation>%1：权重衰减必须是 0 或更大的数（而不是“%2”）。</translation>
    </message>
    <message>
        <source>This folder already holds a run. Open it (File &gt; Open run) to resume it, or choose another folder.</source>
        <translation>此文件夹中已有一个运行。请打开它（文件 &gt; 打开运行）以继续训练，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>cannot read the preset %1: %2</source>
        <translation>无法读取预设 %1：%2</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>它是一个文件夹</translation>
    </message>
    <message>
        <source>Task or dataset:</source>
        <translation>任务或数据集：</translation>
    </message>
    <message>
        <source>Examples:</source>
        <translation>样本数：</translation>
    </message>
    <message>
        <source>Max length (tokens):</source>
        <translation>最大长度（词元）：</translation>
    </message>
    <message>
        <source>Tokenizer size:</source>
        <translation>分词器大小：</translation>
    </message>
    <message>
        <source>Longer examples:</source>
        <translation>过长样本：</translation>
    </message>
    <message>
        <source>Models from scratch:</source>
        <translation>从头训练的模型：</translation>
    </message>
    <message>
        <source>at most</source>
        <translation>最多</translation>
    </message>
    <message>
        <source>Dataset file</source>
        <translation>数据集文件</translation>
    </message>
    <message>
        <source>SemCoT datasets (*.json *.jsonl)</source>
        <translation>SemCoT 数据集 (*.json *.jsonl)</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>The last check found %1 examples longer than max_length %2 (the longest has %3 tokens): the run would stop before training. Skip them, raise max_length, or fit it to the data.</source>
        <translation>上次检查发现 %1 个样本长于 max_length %2（最长的有 %3 个词元）：运行会在训练前停止。请跳过它们、增大 max_length，或让它适配数据。</translation>
    </message>
    <message>
        <source>Choose coinflip, arithmetic, a SemCoT JSON dataset file or a dataset folder.</source>
        <translation>请选择 coinflip、arithmetic、SemCoT JSON 数据集文件或数据集文件夹。</translation>
    </message>
    <message>
        <source>This folder has no train_*.json file (a dataset folder holds train_*.json and eval_*.json).</source>
        <translation>此文件夹中没有 train_*.json 文件（数据集文件夹包含 train_*.json 和 eval_*.json）。</translation>
    </message>
    <message>
        <source>No such dataset file or folder: %1</source>
        <translation>数据集文件或文件夹不存在：%1</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>%1: every size must be above 0.</source>
        <translation>%1：每个尺寸都必须大于 0。</translation>
    </message>
    <message>
        <source>%1: train it for at least one epoch.</source>
        <translation>%1：至少训练一轮。</translation>
    </message>
    <message>
        <source>%1: the hidden size %2 is not divisible by %3 attention heads.</source>
        <translation>%1：隐藏层大小 %2 不能被 %3 个注意力头整除。</translation>
    </message>
    <message>
        <source>%1: the head dimension %2 (hidden size / heads) must be even for rotary position embeddings.</source>
        <translation>%1：头维度 %2（隐藏层大小 / 头数）必须为偶数，旋转位置编码才能使用。</translation>
    </message>
    <message>
        <source>%1: %2 attention heads are not divisible by %3 key-value heads.</source>
        <translation>%1：%2 个注意力头不能被 %3 个键值头整除。</translation>
    </message>
    <message>
        <source>Teacher: the sentence transformer is built from its layers up to %1, so it needs at least %1 layers.</source>
        <translation>教师：句子编码器由其前 %1 层构建，因此教师至少需要 %1 层。</translation>
    </message>
    <message>
        <source>The fit to the data and the time estimate are for models trained from scratch; this run loads its models from folders.</source>
        <translation>数据适配和时间估计仅适用于从头训练的模型；此运行从文件夹加载模型。</translation>
    </message>
    <message>
        <source>Choose a task, dataset file or folder first.</source>
        <translation>请先选择任务、数据集文件或文件夹。</translation>
    </message>
    <message>
        <source>Fix the fields marked in red first.</source>
        <translation>请先修正标红的字段。</translation>
    </message>
    <message>
        <source>Measuring...</source>
        <translation>正在测量...</translation>
    </message>
    <message>
        <source>The check failed: %1</source>
        <translation>检查失败：%1</translation>
    </message>
    <message>
        <source>Press &quot;Check fit and time&quot; to see the tokenizer size, the examples&apos; lengths, max_length and the training time on this data.</source>
        <translation>点击“检查适配和时间”，查看此数据的分词器大小、样本长度、max_length 和训练时间。</translation>
    </message>
    <message>
        <source>Tokenizer: %1 pieces. Example lengths in tokens: median %2, %3th percentile %4, longest %5.</source>
        <translation>分词器：%1 个词片。样本长度（词元）：中位数 %2，第 %3 百分位 %4，最长 %5。</translation>
    </message>
    <message>
        <source>max_length %1, fitted to the data; %2 training and %3 validation examples.</source>
        <translation>max_length %1，按数据适配；%2 个训练样本和 %3 个验证样本。</translation>
    </message>
    <message>
        <source>max_length %1, as set; %2 training and %3 validation examples.</source>
        <translation>max_length %1，按设定值；%2 个训练样本和 %3 个验证样本。</translation>
    </message>
    <message>
        <source>Every example fits.</source>
        <translation>所有样本都不超长。</translation>
    </message>
    <message>
        <source>Longer than max_length: %1 of %2 training and %3 of %4 validation examples, which the run skips.</source>
        <translation>长于 max_length：%2 个训练样本中的 %1 个、%4 个验证样本中的 %3 个，运行会跳过它们。</translation>
    </message>
    <message>
        <source>Longer than max_length: %1 of %2 training and %3 of %4 validation examples, so the run would stop before training.</source>
        <translation>长于 max_length：%2 个训练样本中的 %1 个、%4 个验证样本中的 %3 个，因此运行会在训练前停止。</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>sentence transformer</source>
        <translation>句子编码器</translation>
    </message>
    <message>
        <source>generator</source>
        <translation>生成器</translation>
    </message>
    <message>
        <source>%1 %2 (%3 steps)</source>
        <translation>%1 %2（%3 步）</translation>
    </message>
    <message>
        <source>this machine&apos;s CPU</source>
        <translation>本机 CPU</translation>
    </message>
    <message>
        <source>this machine&apos;s GPU (%1)</source>
        <translation>本机 GPU（%1）</translation>
    </message>
    <message>
        <source>Estimated time on %1: %2; total %3.</source>
        <translation>在%1上的估计时间：%2；总计 %3。</translation>
    </message>
    <message>
        <source>Training time: press &quot;Check fit and time&quot; (it times a few training steps on this machine).</source>
        <translation>训练时间：点击“检查适配和时间”（会在本机上计时几个训练步）。</translation>
    </message>
    <message>
        <source>These numbers are for earlier settings: check again.</source>
        <translation>这些数字对应之前的设置：请重新检查。</translation>
    </message>
    <message>
        <source>coinflip, arithmetic, a dataset file or folder</source>
        <translation>coinflip、arithmetic、数据集文件或文件夹</translation>
    </message>
    <message>
        <source>coinflip and arithmetic: examples generated; a dataset file or folder: training examples kept (a seeded sample when it has more)</source>
        <translation>coinflip 和 arithmetic：生成的样本数；数据集文件或文件夹：保留的训练样本数（样本更多时按种子抽样）</translation>
    </message>
    <message>
        <source>Tokens per training sequence, for the teacher, the student and the SemCoT stages</source>
        <translation>每个训练序列的词元数，适用于教师、学生和 SemCoT 各阶段</translation>
    </message>
    <message>
        <source>Fit to the data: percentile</source>
        <translation>按数据适配：百分位</translation>
    </message>
    <message>
        <source>max_length becomes this percentile of the training examples&apos; lengths (a multiple of 8, at most the cap); the models&apos; context follows</source>
        <translation>max_length 取训练样本长度的该百分位（8 的倍数，不超过上限）；模型的上下文长度随之调整</translation>
    </message>
    <message>
        <source>from the data</source>
        <translation>由数据决定</translation>
    </message>
    <message>
        <source>With the fit, the tokenizer&apos;s size comes from the data&apos;s words</source>
        <translation>适配时，分词器大小由数据中的词决定</translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation>停止运行</translation>
    </message>
    <message>
        <source>Skip them</source>
        <translation>跳过它们</translation>
    </message>
    <message>
        <source>Examples longer than max_length are never cut: the run stops before training, or leaves them out (data/skipped.json)</source>
        <translation>长于 max_length 的样本从不截断：运行在训练前停止，或将其排除（data/skipped.json）</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>FFN</source>
        <translation>FFN</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>heads</source>
        <translation>头数</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV 头数</translation>
    </message>
    <message>
        <source>Check fit and time</source>
        <translation>检查适配和时间</translation>
    </message>
    <message>
        <source>Splits the data, trains the tokenizer and times a few training steps, as the run would, without training</source>
        <translation>像运行时一样划分数据、训练分词器并计时几个训练步，但不进行训练</translation>
    </message>
    <message>
        <source>Dataset file...</source>
        <translation>数据集文件...</translation>
    </message>
    <message>
        <source>Dataset folder...</source>
        <translation>数据集文件夹...</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>SemCoT (from the preset)</source>
        <translation>SemCoT（来自预设）</translation>
    </message>
    <message>
        <source>%1 (a baseline on a finished run)</source>
        <translation>%1（在已完成运行上训练的基线）</translation>
    </message>
    <message>
        <source>Pause tokens (Goyal et al. 2023): the teacher with LoRA reads N learned &lt;pause&gt; inputs between the question and the answer.</source>
        <translation>Pause 词元（Goyal 等，2023）：带 LoRA 的教师在问题与答案之间读取 N 个学习得到的 &lt;pause&gt; 输入。</translation>
    </message>
    <message>
        <source>SoftCoT (Xu et al. 2025): a generator-only run with the base run&apos;s preset (its k): the assistant stays frozen and only its projection into the teacher&apos;s embeddings trains, on the answer loss.</source>
        <translation>SoftCoT（Xu 等，2025）：使用基础运行预设（其 k）的仅生成器运行：助手保持冻结，只训练其到教师嵌入空间的投影，使用答案损失。</translation>
    </message>
    <message>
        <source>Coconut (Hao et al. 2024): the teacher with LoRA replaces one more reasoning step per stage by continuous thoughts (its own last hidden state fed back).</source>
        <translation>Coconut（Hao 等，2024）：带 LoRA 的教师每个阶段多用连续思维（回传其自身最后的隐藏状态）替换一个推理步骤。</translation>
    </message>
    <message>
        <source>CODI (Shen et al. 2025): the teacher with LoRA reads N latents made from its hidden states by a trained projection, distilled from its own explicit CoT.</source>
        <translation>CODI（Shen 等，2025）：带 LoRA 的教师读取 N 个由训练得到的投影从其隐藏状态生成的潜在向量，并从其自身的显式思维链中蒸馏。</translation>
    </message>
    <message>
        <source>ICoT-SI (Deng et al. 2024): the teacher with LoRA is fine-tuned while its reasoning is removed from the front, stage by stage, until it answers without writing any.</source>
        <translation>ICoT-SI（Deng 等，2024）：带 LoRA 的教师在微调过程中逐阶段从前面删除推理，直到它不写任何推理即可作答。</translation>
    </message>
    <message>
        <source>SemCoT: the sentence transformer and the contemplation generator (and models trained from scratch) from the preset.</source>
        <translation>SemCoT：按预设训练句子编码器和沉思生成器（以及从头训练的模型）。</translation>
    </message>
    <message>
        <source>Base run:</source>
        <translation>基础运行：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>LoRA rank r:</source>
        <translation>LoRA 秩 r：</translation>
    </message>
    <message>
        <source>Pause tokens:</source>
        <translation>Pause 词元数：</translation>
    </message>
    <message>
        <source>Thoughts per step:</source>
        <translation>每步思维数：</translation>
    </message>
    <message>
        <source>Steps replaced at most:</source>
        <translation>最多替换步数：</translation>
    </message>
    <message>
        <source>Latent tokens:</source>
        <translation>潜在词元数：</translation>
    </message>
    <message>
        <source>Distillation weight:</source>
        <translation>蒸馏权重：</translation>
    </message>
    <message>
        <source>Tokens removed per stage:</source>
        <translation>每阶段删除的词元数：</translation>
    </message>
    <message>
        <source>Choose the finished SemCoT run to train %1 on.</source>
        <translation>请选择用于训练 %1 的已完成 SemCoT 运行。</translation>
    </message>
    <message>
        <source>Not a SemCoT run.</source>
        <translation>不是 SemCoT 运行。</translation>
    </message>
    <message>
        <source>The learning rate must be a number above 0 (not &quot;%1&quot;).</source>
        <translation>学习率必须是大于 0 的数（而不是“%1”）。</translation>
    </message>
    <message>
        <source>Choose a folder for %1.</source>
        <translation>请为 %1 选择一个文件夹。</translation>
    </message>
    <message>
        <source>This folder holds something else: %1</source>
        <translation>此文件夹包含其他内容：%1</translation>
    </message>
    <message>
        <source>This folder already holds a trained %1: choose another output folder, or delete this one first.</source>
        <translation>此文件夹已包含训练好的 %1：请选择其他输出文件夹，或先删除此文件夹。</translation>
    </message>
    <message>
        <source>This folder holds an interrupted training of %1: check &quot;Continue the interrupted training&quot; to resume it, or choose another folder.</source>
        <translation>此文件夹包含 %1 的中断训练：勾选“继续中断的训练”以继续，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>There is no interrupted training of %1 in this folder to continue.</source>
        <translation>此文件夹中没有可继续的 %1 中断训练。</translation>
    </message>
    <message>
        <source>Epochs per stage:</source>
        <translation>每阶段轮数：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>a finished SemCoT run (its data, prompts and teacher)</source>
        <translation>一个已完成的 SemCoT 运行（其数据、提示词和教师）</translation>
    </message>
    <message>
        <source>empty: BASE/methods/%1</source>
        <translation>留空：BASE/methods/%1</translation>
    </message>
    <message>
        <source>empty: %1</source>
        <translation>留空：%1</translation>
    </message>
    <message>
        <source>Continue the interrupted training in this folder</source>
        <translation>继续此文件夹中中断的训练</translation>
    </message>
    <message>
        <source>The same settings as before: the training resumes from its last checkpoint (semcot train ... --resume)</source>
        <translation>使用与之前相同的设置：训练从最后一个检查点继续（semcot train ... --resume）</translation>
    </message>
    <message>
        <source>Rank of the LoRA adapters on q_proj and v_proj (alpha = 2 r)</source>
        <translation>q_proj 和 v_proj 上 LoRA 适配器的秩（alpha = 2 r）</translation>
    </message>
    <message>
        <source>Stages replace 0, 1, ... of the reasoning&apos;s steps by thoughts, up to this many</source>
        <translation>各阶段用思维替换推理中的 0、1、... 个步骤，最多替换这么多</translation>
    </message>
    <message>
        <source>Weight of the hidden-state distillation loss (CODI&apos;s 20)</source>
        <translation>隐藏状态蒸馏损失的权重（CODI 为 20）</translation>
    </message>
    <message>
        <source>Reasoning tokens removed from the front at each stage</source>
        <translation>每个阶段从前面删除的推理词元数</translation>
    </message>
    <message>
        <source>It trains on the base run&apos;s training and validation splits with its prompts and teacher (the base run is not changed), as&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;br&gt;does. Once trained, the base run&apos;s Ask and Evaluation views offer it and the Runs view lists it. Stop keeps a checkpoint: Resume, or this dialog with &quot;Continue the interrupted training&quot;, goes on from there.</source>
        <translation>它使用基础运行的训练集和验证集及其提示词和教师进行训练（基础运行本身不变），与&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;&lt;br&gt;相同。训练完成后，基础运行的“提问”和“评估”视图会提供它，“运行”视图会列出它。停止时会保留检查点：点击“继续”，或在此对话框中勾选“继续中断的训练”，即可从那里继续。</translation>
    </message>
    <message>
        <source>Copy as command</source>
        <translation>复制为命令</translation>
    </message>
    <message>
        <source>Copied:
%1</source>
        <translation>已复制：
%1</translation>
    </message>
    <message>
        <source>Copies the equivalent `semcot train` command; a SemCoT run&apos;s preset, with your edits, is written to the output folder as preset.json</source>
        <translation>复制等效的 `semcot train` 命令；SemCoT 运行的预设（含您的修改）会以 preset.json 写入输出文件夹</translation>
    </message>
    <message>
        <source>%1 is being trained in this folder right now (%2): wait for it to finish, or choose another folder.</source>
        <translation>%1 正在此文件夹中训练（%2）：请等待其完成，或选择其他文件夹。</translation>
    </message>
    <message>
        <source>Device memory:</source>
        <translation>设备内存：</translation>
    </message>
    <message>
        <source>Micro-batch:</source>
        <translation>Micro-batch：</translation>
    </message>
    <message>
        <source>Frozen teacher in:</source>
        <translation>冻结的教师精度：</translation>
    </message>
    <message>
        <source>The memory of the device the run trains on (one process); the plan keeps 10% of it free</source>
        <translation>运行训练所用设备的内存（单个进程）；计划会保留其中 10% 空闲</translation>
    </message>
    <message>
        <source>whole batch</source>
        <translation>整个批次</translation>
    </message>
    <message>
        <source>Examples per forward and backward pass; gradients are accumulated over the batch, so the update is the same. Until you change it, every stage keeps the preset&apos;s own</source>
        <translation>每次前向和反向传播的样本数；梯度在整个批次上累积，因此参数更新不变。在您修改之前，每个阶段沿用预设中的值</translation>
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
        <translation>float16（CUDA）</translation>
    </message>
    <message>
        <source>The precision the frozen teacher is held in while the generator trains; what trains stays float32</source>
        <translation>生成器训练期间冻结的教师所用的精度；参与训练的部分仍为 float32</translation>
    </message>
    <message>
        <source>Activation checkpointing</source>
        <translation>激活检查点</translation>
    </message>
    <message>
        <source>Recompute each layer&apos;s activations in the backward pass instead of keeping them: less memory, about a third more time. Until you change it, every stage keeps the preset&apos;s own</source>
        <translation>在反向传播中重新计算每层的激活，而不保存它们：内存更少，时间约多三分之一。在您修改之前，每个阶段沿用预设中的设置</translation>
    </message>
    <message>
        <source>Apply recommendation</source>
        <translation>应用建议</translation>
    </message>
    <message>
        <source>Sets the micro-batch, teacher precision and checkpointing that the plan recommends</source>
        <translation>设置计划建议的 micro-batch、教师精度和激活检查点</translation>
    </message>
    <message>
        <source>Cannot apply the recommendation: %1</source>
        <translation>无法应用建议：%1</translation>
    </message>
    <message>
        <source>max_length is fitted to the data: planned at its cap, %1, until the fit is checked.</source>
        <translation>max_length 按数据适配：在检查适配之前，按其上限 %1 规划。</translation>
    </message>
    <message>
        <source>No memory plan: %1</source>
        <translation>无内存计划：%1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>(batch %1 = %2 x %3)</source>
        <translation>（批次 %1 = %2 x %3）</translation>
    </message>
    <message>
        <source>Memory per stage on one process (weights, gradients, optimizer, activations): %1.</source>
        <translation>单个进程上各阶段的内存（权重、梯度、优化器、激活）：%1。</translation>
    </message>
    <message>
        <source>Peak %1 fits the device&apos;s %2 (%3 with 10% kept free).</source>
        <translation>峰值 %1 在设备的 %2 之内（保留 10% 空闲后为 %3）。</translation>
    </message>
    <message>
        <source>Does not fit: the peak, %1, is more than %2 (the device&apos;s %3 with 10% kept free).</source>
        <translation>放不下：峰值 %1 超过 %2（设备的 %3 保留 10% 空闲后的容量）。</translation>
    </message>
    <message>
        <source>the teacher in %1</source>
        <translation>教师使用 %1</translation>
    </message>
    <message>
        <source>activation checkpointing</source>
        <translation>激活检查点</translation>
    </message>
    <message>
        <source>micro-batch %1 for the %2</source>
        <translation>%2 的 micro-batch 为 %1</translation>
    </message>
    <message>
        <source>It fits with %1: peak %2. &quot;Apply recommendation&quot; sets these.</source>
        <translation>如下设置即可放下：%1；峰值 %2。“应用建议”会设置这些。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Nothing fits this device, not even the teacher in bfloat16 with checkpointing and micro-batch 1 (%1): use a device with more memory, or shorter sequences.</source>
        <translation>此设备放不下：即使教师使用 bfloat16、启用激活检查点且 micro-batch 为 1 也不行（%1）。请使用内存更大的设备，或缩短序列。</translation>
    </message>
    <message>
        <source>A run is being trained in this folder right now (%1): choose another folder.</source>
        <translation>此文件夹中正在训练一个运行（%1）：请选择其他文件夹。</translation>
    </message>
    <message>
        <source>On the CPU these are the live tensors; the process&apos;s peak resident memory was measured 1.3-1.9x higher (freed memory the C library keeps; docs/benchmarks.md).</source>
        <translation>在 CPU 上，这些是存活的张量；实测进程的峰值常驻内存为其 1.3 到 1.9 倍（C 库保留的已释放内存；docs/benchmarks.md）。</translation>
    </message>
    <message>
        <source>The base run is being trained right now (%1): wait for it to finish.</source>
        <translation>基础运行正在训练中（%1）：请等待训练完成。</translation>
    </message>
</context>
<context>
    <name>semcot::ui::TrainingView</name>
    <message>
        <source>Teacher language model</source>
        <translation>教师语言模型</translation>
    </message>
    <message>
        <source>Student language model</source>
        <translation>学生语言模型</translation>
    </message>
    <message>
        <source>Sentence transformer, stage 1</source>
        <translation>句子编码器，阶段 1</translation>
    </message>
    <message>
        <source>Sentence transformer, stage 2</source>
        <translation>句子编码器，阶段 2</translation>
    </message>
    <message>
        <source>Contemplation generator, warm-up</source>
        <translation>沉思生成器，预热</translation>
    </message>
    <message>
        <source>Contemplation generator, full</source>
        <translation>沉思生成器，完整</translation>
    </message>
    <message>
        <source>Training finished: %1</source>
        <translation>训练完成：%1</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>The training run stopped with an error:

%1

The log keeps everything it printed.</source>
        <translation>训练运行因错误而停止：

%1

日志中保留了全部输出。</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>正在继续 %1</translation>
    </message>
    <message>
        <source>Starting %1 (preset %2, device %3)</source>
        <translation>正在启动 %1（预设 %2，设备 %3）</translation>
    </message>
    <message>
        <source>Cannot resume</source>
        <translation>无法继续</translation>
    </message>
    <message>
        <source>Stopping at the next safe point...</source>
        <translation>正在于下一个安全点停止...</translation>
    </message>
    <message>
        <source>%1: epoch %2, step %3 of %4</source>
        <translation>%1：第 %2 轮，第 %3 / %4 步</translation>
    </message>
    <message>
        <source>%1 steps/s, %2 left</source>
        <translation>%1 步/秒，剩余 %2</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Loss: %1</source>
        <translation>损失：%1</translation>
    </message>
    <message>
        <source>train: total</source>
        <translation>训练：总计</translation>
    </message>
    <message>
        <source>train: reasoning</source>
        <translation>训练：推理</translation>
    </message>
    <message>
        <source>train: answer</source>
        <translation>训练：答案</translation>
    </message>
    <message>
        <source>validation: total</source>
        <translation>验证：总计</translation>
    </message>
    <message>
        <source>validation: reasoning</source>
        <translation>验证：推理</translation>
    </message>
    <message>
        <source>validation: answer</source>
        <translation>验证：答案</translation>
    </message>
    <message>
        <source>No training run yet. Start one with &lt;b&gt;New training run&lt;/b&gt;.</source>
        <translation>尚无训练运行。请通过&lt;b&gt;新建训练运行&lt;/b&gt;开始。</translation>
    </message>
    <message>
        <source>Training &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>正在训练 &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Stopping &lt;b&gt;%1&lt;/b&gt; at a safe point...</source>
        <translation>正在于安全点停止 &lt;b&gt;%1&lt;/b&gt;...</translation>
    </message>
    <message>
        <source>Stopped &lt;b&gt;%1&lt;/b&gt;; Resume continues from the checkpoint.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 已停止；“继续”将从检查点恢复。</translation>
    </message>
    <message>
        <source>Finished &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 已完成</translation>
    </message>
    <message>
        <source>Current stage</source>
        <translation>当前阶段</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>图表：</translation>
    </message>
    <message>
        <source>Smooth train loss (EMA)</source>
        <translation>平滑训练损失（EMA）</translation>
    </message>
    <message>
        <source>New training run...</source>
        <translation>新建训练运行...</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop at the next safe point; the run stays resumable (Esc)</source>
        <translation>在下一个安全点停止；运行之后可以继续（Esc）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Open the run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <source>Waiting for a run</source>
        <translation>等待运行</translation>
    </message>
    <message>
        <source>Training log</source>
        <translation>训练日志</translation>
    </message>
    <message>
        <source>This run has finished training.</source>
        <translation>此运行已完成训练。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#c62828&apos;&gt;Failed&lt;/span&gt; &lt;b&gt;%1&lt;/b&gt;: %2</source>
        <translation>&lt;span style=&apos;color:#c62828&apos;&gt;失败&lt;/span&gt; &lt;b&gt;%1&lt;/b&gt;：%2</translation>
    </message>
    <message>
        <source>%1, stage %2</source>
        <translation>%1，阶段 %2</translation>
    </message>
    <message>
        <source>Resuming %1 in %2</source>
        <translation>正在继续 %2 中的 %1</translation>
    </message>
    <message>
        <source>Starting %1 on %2 in %3 (device %4)</source>
        <translation>正在基于 %2 启动 %1，输出到 %3（设备 %4）</translation>
    </message>
    <message>
        <source>Training %1 in &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>正在训练 %1，输出到 &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>train: distillation</source>
        <translation>训练：蒸馏</translation>
    </message>
    <message>
        <source>validation: distillation</source>
        <translation>验证：蒸馏</translation>
    </message>
</context>
<context>
    <name>semcot::ui::TrainingWorker</name>
    <message>
        <source>Stopped at a safe point; the run can be resumed.</source>
        <translation>已在安全点停止；运行可以继续。</translation>
    </message>
    <message>
        <source>%1: %2 (%3 s)</source>
        <translation>%1：%2（%3 秒）</translation>
    </message>
    <message>
        <source>Stopped at a safe point; the training can be resumed.</source>
        <translation>已在安全点停止；训练可以继续。</translation>
    </message>
</context>
</TS>
