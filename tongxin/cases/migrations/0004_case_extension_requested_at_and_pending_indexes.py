"""The pause of the finish clock (extension_requested_at) and the sweep's partial indexes.

The indexes hold only cases still waiting for a warning, so the deadline sweep stays an index
range scan however many warned, replied or closed cases the table keeps (tongxin.cases.sweep).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_case_yellow_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='extension_requested_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='extension requested at'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('extension_pending', False), ('status__in', ['dispatched', 'in_progress']), ('warning__in', ['none', 'yellow'])), fields=['finish_deadline'], name='case_red_pending'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('extension_pending', False), ('status__in', ['dispatched', 'in_progress']), ('warning', 'none')), fields=['yellow_at'], name='case_yellow_pending'),
        ),
    ]
