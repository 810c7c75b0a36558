"""Worked-step sentences of the network and attention computations (quizapp/engine/networks.py)."""

MESSAGES = {
    "engine.perceptron_step.mistake": {
        "en": "y·a ≤ 0: the sample is on the wrong side of the boundary (or on it), so the perceptron updates",
        "zh": "y·a ≤ 0：样本落在决策边界的错误一侧（或恰好在边界上），所以感知机要更新",
    },
    "engine.perceptron_step.no_update": {
        "en": "y·a > 0: the sample is classified correctly, so w and b stay as they are",
        "zh": "y·a > 0：样本已被正确分类，w 和 b 保持不变",
    },
    "engine.mlp_forward.batch": {
        "en": "{count} inputs, one per row; every row goes through the same layers",
        "en_one": "1 input, in one row",
        "zh": "共 {count} 个输入，每行一个；每一行都经过同样的层",
    },
    "engine.mlp_backward.forward": {
        "en": "Forward pass (every intermediate is kept for the backward pass):",
        "zh": "前向传播（每个中间结果都要保存，反向传播时还会用到）：",
    },
    "engine.mlp_backward.backward": {
        "en": "Backward pass, from the loss back towards the input (chain rule):",
        "zh": "反向传播，从损失往输入方向逐层求（链式法则）：",
    },
    "engine.mlp_backward.one_hot": {
        "en": "e{c} is the one-hot vector of the target class",
        "zh": "e{c} 为目标类别的独热向量",
    },
    "engine.mlp_params.layer": {
        "en": "layer {i}: {formula} = {count}",
        "zh": "第 {i} 层：{formula} = {count}",
    },
    "engine.mlp_params.more": {
        "en": "… {count} more layers counted the same way",
        "en_one": "… 1 more layer counted the same way",
        "zh": "……其余 {count} 层按同样的方法计算",
    },
    "engine.mlp_params.total": {
        "en": "total: {terms} = {total}",
        "zh": "合计：{terms} = {total}",
    },
    "engine.mlp_params.no_bias": {
        "en": "without biases each layer has only its n_in·n_out weights",
        "zh": "不带偏置时，每层只有“输入宽度 × 输出宽度”个权重",
    },
    "engine.scalar_chain.plain": {
        "en": "each layer: zᵢ = wᵢ·hᵢ₋₁ + bᵢ, hᵢ = {f}(zᵢ); its local factor is ∂hᵢ/∂hᵢ₋₁ = wᵢ·{f}′(zᵢ)",
        "zh": "每一层：zᵢ = wᵢ·hᵢ₋₁ + bᵢ，hᵢ = {f}(zᵢ)；局部因子 ∂hᵢ/∂hᵢ₋₁ = wᵢ·{f}′(zᵢ)",
    },
    "engine.scalar_chain.residual": {
        "en": "each layer adds a residual connection: hᵢ = hᵢ₋₁ + {f}(wᵢ·hᵢ₋₁ + bᵢ); its local factor is 1 + wᵢ·{f}′(zᵢ)",
        "zh": "每一层都带残差连接：hᵢ = hᵢ₋₁ + {f}(wᵢ·hᵢ₋₁ + bᵢ)；局部因子为 1 + wᵢ·{f}′(zᵢ)",
    },
    "engine.scalar_chain.more": {
        "en": "… {count} more layers computed the same way",
        "en_one": "… 1 more layer computed the same way",
        "zh": "……其余 {count} 层按同样的方法计算",
    },
    "engine.finite_difference.central": {
        "en": "central difference: its error shrinks like h²",
        "zh": "中心差分：误差随 h² 减小",
    },
    "engine.finite_difference.forward": {
        "en": "forward (one-sided) difference: its error shrinks only like h",
        "zh": "前向（单侧）差分：误差只随 h 线性减小",
    },
    "engine.finite_difference.backward": {
        "en": "backward (one-sided) difference: its error shrinks only like h",
        "zh": "后向（单侧）差分：误差只随 h 线性减小",
    },
    "engine.finite_difference.relative": {
        "en": "relative error = {formula} = {value}",
        "zh": "相对误差 = {formula} = {value}",
    },
    "engine.tensor_memory.elements": {
        "en": "elements: {formula} = {count}",
        "zh": "元素个数：{formula} = {count}",
    },
    "engine.tensor_memory.bytes": {
        "en": "{dtype} takes {per} bytes per element: {formula} = {total} B",
        "zh": "{dtype} 每个元素占 {per} 字节：{formula} = {total} B",
    },
    "engine.tensor_memory.mib": {
        "en": "in MiB (2²⁰ bytes): {math}",
        "zh": "以 2²⁰ 字节为单位：{math}",
    },
    "engine.tensor_memory.gib": {
        "en": "in GiB (2³⁰ bytes): {math}",
        "zh": "以 2³⁰ 字节为单位：{math}",
    },
    "engine.masked_attention.masked": {
        "en": "masked positions get −∞ before the softmax, so their weight is exactly 0",
        "zh": "被屏蔽的位置在 softmax 之前置为 −∞，权重恰好为 0",
    },
    "engine.additive_attention.more_keys": {
        "en": "… {count} more keys computed the same way",
        "en_one": "… 1 more key computed the same way",
        "zh": "……其余 {count} 个键按同样的方法计算",
    },
    "engine.causal_attention.mask": {
        "en": "causal mask: query i may attend only to keys 1…i, never to later positions",
        "zh": "因果掩码：第 i 个查询只能关注第 1…i 个键，看不到后面的位置",
    },
    "engine.multihead_attention_params.heads": {
        "en": "the heads split d_model between them, so the count does not depend on the number of heads",
        "zh": "各个头瓜分模型维度，所以参数量与头数无关",
    },
    "engine.multihead_attention_params.head_dim": {
        "en": "each head's width: {math}",
        "zh": "每个头的维度：{math}",
    },
    "engine.multihead_attention_params.proj": {
        "en": "W_{which}: {math}",
        "zh": "{which} 的投影矩阵：{math}",
    },
    "engine.multihead_attention_params.total": {
        "en": "total: {formula} = {total}",
        "zh": "合计：{formula} = {total}",
    },
    "engine.transformer_encoder_layer_params.attention": {
        "en": "self-attention (W_q, W_k, W_v, W_o): {formula} = {count}",
        "zh": "自注意力（q、k、v 与输出共四个投影）：{formula} = {count}",
    },
    "engine.transformer_encoder_layer_params.ffn": {
        "en": "feed-forward network (two linear layers): {formula} = {count}",
        "zh": "前馈网络（两个线性层）：{formula} = {count}",
    },
    "engine.transformer_encoder_layer_params.norms": {
        "en": "two LayerNorms (γ and β each): {formula} = {count}",
        "zh": "两个层归一化（各有 γ 和 β）：{formula} = {count}",
    },
    "engine.transformer_encoder_layer_params.total": {
        "en": "total: {formula} = {total}",
        "zh": "合计：{formula} = {total}",
    },
    "engine.sinusoidal_position_encoding.value": {
        "en": "PE = {math}",
        "zh": "位置编码 = {math}",
    },
    "engine.attention_flops.weighted": {
        "en": "weights·v: {math}",
        "zh": "权重·v：{math}",
    },
    "engine.attention_flops.total": {
        "en": "total: {formula} = {total} FLOPs",
        "zh": "合计：{formula} = {total} 次浮点运算",
    },
    "engine.sinusoidal_position_encoding.pairs": {
        "en": "even dimensions take sin(position·ωᵢ), odd dimensions cos(position·ωᵢ)",
        "zh": "偶数维取 sin(position·ωᵢ)，奇数维取 cos(position·ωᵢ)",
    },
    "engine.transformer_lr.value": {
        "en": "lr = {math}",
        "zh": "学习率 = {math}",
    },
    "engine.transformer_lr.warmup": {
        "en": "still warming up (step < warmup_steps): the learning rate grows linearly",
        "zh": "仍在预热阶段（step < warmup_steps）：学习率线性增长",
    },
    "engine.transformer_lr.decay": {
        "en": "warm-up over (step ≥ warmup_steps): the learning rate now decays like 1/√step",
        "zh": "预热已结束（step ≥ warmup_steps）：学习率按 1/√step 衰减",
    },
    # --- errors --------------------------------------------------------------------------
    "engine.error.perceptron_label": {
        "en": "y must be the label −1 or 1, got {got}",
        "zh": "y 必须是标签 −1 或 1，实际是 {got}",
    },
    "engine.error.mlp_w1_columns": {
        "en": "w1 must have one column per input feature ({want}), got {got} (nn.Linear's weight is out × in)",
        "zh": "w1 的列数应等于输入特征数（{want}），实际是 {got}（全连接层的权重形状是“输出 × 输入”）",
    },
    "engine.error.mlp_w2_columns": {
        "en": "w2 must have one column per hidden unit ({want}, the rows of w1), got {got} (nn.Linear's weight is out × in)",
        "zh": "w2 的列数应等于隐藏单元数（{want}，即 w1 的行数），实际是 {got}（全连接层的权重形状是“输出 × 输入”）",
    },
    "engine.error.mlp_class_index": {
        "en": "target must be a class index from 0 to {q} − 1 (one per output), got {got}",
        "zh": "target 应是 0 到 {q} − 1 之间的类别编号（每个输出对应一类），实际是 {got}",
    },
    "engine.error.mlp_target_length": {
        "en": "target must have one value per output ({q}), got {got}",
        "zh": "target 应为每个输出各给一个值（共 {q} 个），实际给了 {got} 个",
    },
    "engine.error.mlp_bce_target": {
        "en": "target must hold values between 0 and 1 for bce_with_logits",
        "zh": "用 bce_with_logits 时，target 的值必须在 0 到 1 之间",
    },
    "engine.error.mlp_layer_sizes": {
        "en": "layer_sizes must list at least the input and the output width, e.g. [784, 10]",
        "zh": "layer_sizes 至少要列出输入宽度和输出宽度，例如 [784, 10]",
    },
    "engine.error.finite_difference_domain": {
        "en": "{function} needs positive inputs, but {where} = {got}; use a larger x or a smaller h",
        "zh": "{function} 的输入必须为正，但 {where} = {got}；请增大 x 或减小 h",
    },
    "engine.error.finite_difference_overflow": {
        "en": "{function} overflows at x = {x} ± h; use a smaller x",
        "zh": "{function} 在 x = {x} ± h 处溢出；请减小 x",
    },
    "engine.error.tensor_memory_too_large": {
        "en": "shape is too large: the tensor would have more than 2⁶² elements",
        "zh": "shape 太大：张量的元素个数会超过 2⁶²",
    },
    "engine.error.attention_mask_shape": {
        "en": "mask must be {n}×{m} (one row per query, one column per key), got {got}",
        "zh": "mask 应为 {n}×{m}（每个查询一行，每个键一列），实际是 {got}",
    },
    "engine.error.attention_mask_values": {
        "en": "mask must hold only true/false (or 1/0): true where a query may attend to a key",
        "zh": "mask 只能含 true/false（或 1/0）：查询可以关注某个键的位置为 true",
    },
    "engine.error.attention_mask_empty_row": {
        "en": "mask row {row} masks every key, so that query's softmax is undefined (torch gives NaN); let it attend to at least one key",
        "zh": "mask 的第 {row} 行屏蔽了所有的键，该查询的 softmax 没有定义（torch 会给出 NaN）；至少要让它关注一个键",
    },
    "engine.error.additive_columns": {
        "en": "{name} must have one column per feature of {of} ({want}), got {got}",
        "zh": "{name} 的列数应等于 {of} 的特征数（{want}），实际是 {got}",
    },
    "engine.error.additive_hidden": {
        "en": "w_q, w_k and w_v must share the hidden size: w_q has {q} rows, w_k {k}, w_v {v} entries",
        "zh": "w_q、w_k 和 w_v 的隐藏维度必须相同：w_q 有 {q} 行，w_k 有 {k} 行，w_v 有 {v} 个元素",
    },
    "engine.error.heads_divide": {
        "en": "{name} ({d}) must be divisible by {heads_name} ({h})",
        "zh": "{name}（{d}）必须能被 {heads_name}（{h}）整除",
    },
    "engine.error.position_encoding_odd": {
        "en": "d_model must be even (sine and cosine come in pairs), got {got}",
        "zh": "d_model 必须是偶数（正弦和余弦成对出现），实际是 {got}",
    },
}
