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
        "zh": "不带偏置时，每层只有 n_in·n_out 个权重",
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
    "engine.attention.masked": {
        "en": "masked positions get −∞ before the softmax, so their weight is exactly 0",
        "zh": "被屏蔽的位置在 softmax 之前置为 −∞，权重恰好为 0",
    },
    "engine.attention.more_rows": {
        "en": "… {count} more rows computed the same way",
        "en_one": "… 1 more row computed the same way",
        "zh": "……其余 {count} 行按同样的方法计算",
    },
    "engine.attention.more_keys": {
        "en": "… {count} more keys computed the same way",
        "en_one": "… 1 more key computed the same way",
        "zh": "……其余 {count} 个键按同样的方法计算",
    },
    "engine.attention.output": {
        "en": "output = weights·v = {value}",
        "zh": "输出 = 权重·v = {value}",
    },
    "engine.causal_attention.mask": {
        "en": "causal mask: query i may attend only to keys 1…i, never to later positions",
        "zh": "因果掩码：第 i 个查询只能关注第 1…i 个键，看不到后面的位置",
    },
    "engine.multihead_attention_params.heads": {
        "en": "the heads split d_model between them, so the count does not depend on the number of heads",
        "zh": "各个头瓜分 d_model，所以参数量与头数无关",
    },
    "engine.multihead_attention_params.total": {
        "en": "total: {formula} = {total}",
        "zh": "合计：{formula} = {total}",
    },
    "engine.transformer_encoder_layer_params.attention": {
        "en": "self-attention (W_q, W_k, W_v, W_o): {formula} = {count}",
        "zh": "自注意力（W_q、W_k、W_v、W_o）：{formula} = {count}",
    },
    "engine.transformer_encoder_layer_params.ffn": {
        "en": "feed-forward network (two linear layers): {formula} = {count}",
        "zh": "前馈网络（两个线性层）：{formula} = {count}",
    },
    "engine.transformer_encoder_layer_params.norms": {
        "en": "two LayerNorms (γ and β each): {formula} = {count}",
        "zh": "两个 LayerNorm（各有 γ 和 β）：{formula} = {count}",
    },
    "engine.transformer_encoder_layer_params.total": {
        "en": "total: {formula} = {total}",
        "zh": "合计：{formula} = {total}",
    },
    "engine.attention_flops.total": {
        "en": "total: {formula} = {total} FLOPs",
        "zh": "合计：{formula} = {total} 次浮点运算",
    },
    "engine.sinusoidal_position_encoding.pairs": {
        "en": "even dimensions take sin(pos·ωᵢ), odd dimensions cos(pos·ωᵢ)",
        "zh": "偶数维取 sin(pos·ωᵢ)，奇数维取 cos(pos·ωᵢ)",
    },
    "engine.transformer_lr.warmup": {
        "en": "still warming up (step < warmup_steps): the learning rate grows linearly",
        "zh": "仍在预热阶段（step < warmup_steps）：学习率线性增长",
    },
    "engine.transformer_lr.decay": {
        "en": "warm-up over (step ≥ warmup_steps): the learning rate now decays like 1/√step",
        "zh": "预热已结束（step ≥ warmup_steps）：学习率按 1/√step 衰减",
    },
}
